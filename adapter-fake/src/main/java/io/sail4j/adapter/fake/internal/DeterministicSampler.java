package io.sail4j.adapter.fake.internal;

import io.sail4j.core.sampling.SampledTokens;
import io.sail4j.core.sampling.SamplingParams;
import io.sail4j.core.sampling.StopCondition;
import io.sail4j.core.sampling.StopReason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic "sampling": the tokens and logprobs are a pure function of (model, adapter, prompt,
 * temperature, top_p, seed), so equal requests give equal answers and a different adapter gives a
 * different one. Tokens are mostly lowercase letters and spaces of the {@link ByteVocabulary}, with an
 * occasional id above 255; when a stop condition is given, each step has a 1 in 12 chance of
 * producing it (a stop token, or the bytes of a stop string), so both stop reasons occur.
 */
public final class DeterministicSampler {
    private static final int STOP_ODDS = 12;
    private static final int HIGH_TOKEN_ODDS = 20;

    private DeterministicSampler() {
    }

    /**
     * @param identity   the model and adapter that sample (e.g. {@code model|lora:<uuid>})
     * @param vocabulary the model's vocabulary size (ids {@code 0..vocabulary-1})
     */
    public static SampledTokens sample(String identity, int vocabulary, int[] prompt, SamplingParams params,
                                       StopCondition stop, long seed) {
        SplittableRandom random = new SplittableRandom(Digests.seed(identity + "|" + Arrays.toString(prompt) + "|"
                + params.temperature() + "|" + params.topP() + "|" + seed));
        int max = params.maxTokens();
        int[] out = new int[Math.min(max, 1 << 16)];
        double[] logprobs = new double[out.length];
        int n = 0;
        List<Integer> pending = new ArrayList<>();
        StopReason reason = StopReason.LENGTH;
        while (n < out.length) {
            int token;
            if (!pending.isEmpty()) {
                token = pending.remove(0);
            } else if (!(stop instanceof StopCondition.None) && random.nextInt(STOP_ODDS) == 0) {
                pending.addAll(stopTokens(stop, random));
                token = pending.remove(0);
            } else if (random.nextInt(HIGH_TOKEN_ODDS) == 0 && vocabulary > ByteVocabulary.BYTE_TOKENS) {
                token = ByteVocabulary.BYTE_TOKENS + random.nextInt(vocabulary - ByteVocabulary.BYTE_TOKENS);
            } else {
                int pick = random.nextInt(27);
                token = pick == 26 ? ' ' : 'a' + pick;
            }
            double spread = 0.05 + params.temperature();
            logprobs[n] = -random.nextDouble() * spread * (1.0 - 0.5 * (1.0 - params.topP()));
            out[n++] = token;
            if (stops(stop, out, n)) {
                reason = StopReason.STOP;
                break;
            }
        }
        int[] tokens = Arrays.copyOf(out, n);
        return SampledTokens.of(tokens, params.logprobs() ? Arrays.copyOf(logprobs, n) : null, reason);
    }

    private static List<Integer> stopTokens(StopCondition stop, SplittableRandom random) {
        if (stop instanceof StopCondition.TokenIds ids) {
            int[] all = ids.ids();
            return List.of(all[random.nextInt(all.length)]);
        }
        List<String> strings = ((StopCondition.Strings) stop).strings();
        byte[] bytes = strings.get(random.nextInt(strings.size())).getBytes(StandardCharsets.UTF_8);
        List<Integer> tokens = new ArrayList<>(bytes.length);
        for (byte b : bytes) {
            tokens.add(b & 0xff);
        }
        return tokens;
    }

    private static boolean stops(StopCondition stop, int[] out, int n) {
        if (stop instanceof StopCondition.TokenIds ids) {
            return ids.contains(out[n - 1]);
        }
        if (stop instanceof StopCondition.Strings strings) {
            if (out[n - 1] >= ByteVocabulary.BYTE_TOKENS) {
                return false;
            }
            String text = ByteVocabulary.decode(out, n);
            return strings.strings().stream().anyMatch(text::endsWith);
        }
        return false;
    }

    /** Deterministic text for a text request, at most {@code maxTokens} UTF-8 bytes; {@code truncated} when cut. */
    public record Text(String text, boolean truncated) {
    }

    private static final String[] WORDS = {"sail", "wind", "harbor", "tide", "keel", "mast", "chart", "buoy", "course",
        "anchor", "port", "starboard", "rope", "deck", "wave", "compass"};

    public static Text text(String identity, String prompt, double temperature, double topP, long seed, int maxTokens) {
        SplittableRandom random = new SplittableRandom(Digests.seed(identity + "|" + prompt + "|" + temperature + "|"
                + topP + "|" + seed));
        StringBuilder text = new StringBuilder("Fake reply from ").append(identity).append(':');
        int words = 6 + random.nextInt(10);
        for (int i = 0; i < words; i++) {
            text.append(' ').append(WORDS[random.nextInt(WORDS.length)]);
        }
        text.append('.');
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxTokens) {
            return new Text(text.toString(), false);
        }
        return new Text(new String(bytes, 0, maxTokens, StandardCharsets.US_ASCII), true);
    }
}
