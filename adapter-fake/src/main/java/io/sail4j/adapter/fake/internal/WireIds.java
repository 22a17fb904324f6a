package io.sail4j.adapter.fake.internal;

/** The id a response shows on each API: {@code resp_...}, {@code chatcmpl-...} or {@code msg_...}. */
public final class WireIds {
    private WireIds() {
    }

    public static String forKind(ResponseSpec.Kind kind, String responseId) {
        String suffix = responseId.substring(responseId.indexOf('_') + 1);
        return switch (kind) {
            case CHAT_COMPLETIONS -> "chatcmpl-" + suffix;
            case MESSAGES -> "msg_" + suffix;
            default -> responseId;
        };
    }

    /** The finish reason each API reports: Responses' status word, Chat's stop|length, Messages' end_turn|max_tokens. */
    public static String finishReason(ResponseSpec.Kind kind, boolean truncated) {
        return switch (kind) {
            case CHAT_COMPLETIONS -> truncated ? "length" : "stop";
            case MESSAGES -> truncated ? "max_tokens" : "end_turn";
            default -> truncated ? "max_output_tokens" : "completed";
        };
    }
}
