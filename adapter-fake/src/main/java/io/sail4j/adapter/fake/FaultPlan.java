package io.sail4j.adapter.fake;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which requests the emulator misbehaves on. A rule matches requests by route (e.g.
 * {@code "POST /v1/files"}, {@code "GET /v1/responses/{id}"}, {@code "POST *"}, {@code "*"}) or by
 * predicate, and fires either for the next N matching requests (a script) or with a probability
 * drawn from a seeded random source. Rules are tried in the order added; the first that fires wins.
 *
 * <p>Spec syntax ({@link #add(String)}, and {@code --faults} of {@code SailEmulatorMain}): rules
 * separated by {@code ;}, each {@code <route>=<fault>[x<count>|@<probability>]}, where a rule without
 * a suffix fires on every match, plus an optional {@code seed=<long>}. Faults: {@code 429[:seconds]},
 * {@code 500}, {@code 502}, {@code 503}, {@code 504}, {@code reset-before}, {@code reset-mid-body:<bytes>},
 * {@code reset-after}, {@code slow:<millis>ms}. Example:
 * <pre>POST /v1/files=503x2;GET /v1/responses/{id}=reset-after@0.1;*=slow:150ms@0.05;seed=7</pre>
 */
public final class FaultPlan {
    private static final Pattern RULE = Pattern.compile("(?<route>[^=]+)=(?<fault>.+?)(?:x(?<count>\\d+)|@(?<p>[0-9.]+))?");

    private record Rule(String description, Predicate<EmulatorRequest> when, Fault fault, AtomicInteger remaining,
                        double probability) {
    }

    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private Random random = new Random(0);

    /** The next {@code count} requests matching {@code route} get {@code fault}. */
    public FaultPlan next(int count, String route, Fault fault) {
        return next(count, route(route), fault, route);
    }

    public FaultPlan next(int count, Predicate<EmulatorRequest> when, Fault fault) {
        return next(count, when, fault, "predicate");
    }

    private FaultPlan next(int count, Predicate<EmulatorRequest> when, Fault fault, String description) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1");
        }
        rules.add(new Rule(description, when, Objects.requireNonNull(fault, "fault"), new AtomicInteger(count), 1.0));
        return this;
    }

    /** Every request matching {@code route} gets {@code fault}. */
    public FaultPlan always(String route, Fault fault) {
        return withProbability(1.0, route, fault);
    }

    /** Each request matching {@code route} gets {@code fault} with this probability (see {@link #seed}). */
    public FaultPlan withProbability(double probability, String route, Fault fault) {
        return withProbability(probability, route(route), fault, route);
    }

    public FaultPlan withProbability(double probability, Predicate<EmulatorRequest> when, Fault fault) {
        return withProbability(probability, when, fault, "predicate");
    }

    private FaultPlan withProbability(double probability, Predicate<EmulatorRequest> when, Fault fault, String description) {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be in [0, 1]: " + probability);
        }
        rules.add(new Rule(description, when, Objects.requireNonNull(fault, "fault"), null, probability));
        return this;
    }

    /** Seeds the random source probabilistic rules draw from, so a run repeats. */
    public synchronized FaultPlan seed(long seed) {
        this.random = new Random(seed);
        return this;
    }

    /** Adds the rules of a spec (syntax in the class comment). */
    public FaultPlan add(String spec) {
        for (String piece : spec.split(";")) {
            String text = piece.trim();
            if (text.isEmpty()) {
                continue;
            }
            if (text.startsWith("seed=")) {
                seed(Long.parseLong(text.substring(5).trim()));
                continue;
            }
            Matcher m = RULE.matcher(text);
            if (!m.matches()) {
                throw new IllegalArgumentException("cannot read fault rule '" + text + "': expected <route>=<fault>[x<count>|@<probability>]");
            }
            String route = m.group("route").trim();
            Fault fault = Fault.parse(m.group("fault"));
            if (m.group("count") != null) {
                next(Integer.parseInt(m.group("count")), route, fault);
            } else if (m.group("p") != null) {
                withProbability(Double.parseDouble(m.group("p")), route, fault);
            } else {
                always(route, fault);
            }
        }
        return this;
    }

    /** Removes every rule. */
    public void clear() {
        rules.clear();
    }

    /** Rules not yet used up. */
    public int size() {
        return (int) rules.stream().filter(r -> r.remaining() == null || r.remaining().get() > 0).count();
    }

    /** The fault for this request, if a rule fires. */
    Optional<Fault> pick(EmulatorRequest request) {
        for (Rule rule : rules) {
            if (!rule.when().test(request)) {
                continue;
            }
            if (rule.remaining() != null) {
                if (rule.remaining().getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    return Optional.of(rule.fault());
                }
                rules.remove(rule);
                continue;
            }
            if (rule.probability() >= 1.0 || draw() < rule.probability()) {
                return Optional.of(rule.fault());
            }
        }
        return Optional.empty();
    }

    private synchronized double draw() {
        return random.nextDouble();
    }

    /** {@code "*"}, {@code "POST *"}, {@code "* /v1/files"} or {@code "POST /v1/files"}. */
    static Predicate<EmulatorRequest> route(String route) {
        String r = route.trim();
        if (r.equals("*")) {
            return request -> true;
        }
        int space = r.indexOf(' ');
        if (space < 0) {
            throw new IllegalArgumentException("a route is '*' or '<METHOD> <template>', e.g. 'POST /v1/files': " + route);
        }
        String method = r.substring(0, space).trim();
        String template = r.substring(space + 1).trim();
        return request -> (method.equals("*") || method.equalsIgnoreCase(request.method()))
                && (template.equals("*") || request.route().endsWith(" " + template));
    }

    @Override
    public String toString() {
        return "FaultPlan" + rules.stream().map(r -> r.description() + "=" + r.fault()
                + (r.remaining() != null ? "x" + r.remaining().get() : "@" + r.probability())).toList();
    }
}
