package io.sail4j.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Reads {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1h30m}, or ISO-8601 ({@code PT5M}). */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h)");
    private static final Pattern WHOLE = Pattern.compile("(\\d+(ms|s|m|h))+");

    @Override
    public Duration convert(String value) {
        String text = value.trim().toLowerCase(java.util.Locale.ROOT);
        if (text.startsWith("pt") || text.startsWith("p")) {
            try {
                return positive(Duration.parse(text.toUpperCase(java.util.Locale.ROOT)), value);
            } catch (DateTimeParseException e) {
                throw invalid(value);
            }
        }
        if (!WHOLE.matcher(text).matches()) {
            throw invalid(value);
        }
        Duration total = Duration.ZERO;
        Matcher part = PART.matcher(text);
        while (part.find()) {
            long amount = Long.parseLong(part.group(1));
            total = total.plus(switch (part.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            });
        }
        return positive(total, value);
    }

    private static Duration positive(Duration duration, String value) {
        if (duration.isZero() || duration.isNegative()) {
            throw new CommandLine.TypeConversionException("'" + value + "' must be a positive duration");
        }
        return duration;
    }

    private static CommandLine.TypeConversionException invalid(String value) {
        return new CommandLine.TypeConversionException("'" + value + "' is not a duration: use e.g. 500ms, 30s, 5m, 2h, 1h30m or PT5M");
    }
}
