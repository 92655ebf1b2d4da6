package io.lampblack.server.config;

import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One configuration key, declared once: its name, default, parser, validator and one line of documentation.
 * Bad values fail at start with the key's name (design convention 3).
 *
 * <p>A {@linkplain #secret() secret} setting (a password, a token, a URL that may carry a password) may also be
 * given as {@code --KEY-file PATH} or in the environment variable {@link #environmentVariable()}, so that it need not
 * appear on a command line (which every local user sees in {@code ps}); its value never appears in an error message.
 */
public record Setting<T>(
        String key,
        T defaultValue,
        Function<String, T> parser,
        Predicate<T> validator,
        String validRange,
        String doc,
        boolean secret) {

    public Setting(
            String key,
            T defaultValue,
            Function<String, T> parser,
            Predicate<T> validator,
            String validRange,
            String doc) {
        this(key, defaultValue, parser, validator, validRange, doc, false);
    }

    /** The same setting, secret: accepted from a file or the environment, never echoed. */
    public Setting<T> asSecret() {
        return new Setting<>(key, defaultValue, parser, validator, validRange, doc, true);
    }

    /** {@code LAMPBLACK_DB_PASSWORD} for {@code db-password}: where a secret setting may come from instead. */
    public String environmentVariable() {
        return "LAMPBLACK_" + key.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    }

    /** {@code db-password-file} for {@code db-password}: the option naming a file that holds the secret. */
    public String fileKey() {
        return key + "-file";
    }

    public T parse(String raw) {
        // A secret's text stays out of the message: it ends up on the terminal and in logs.
        String shown = secret ? "the value given" : "'" + raw + "'";
        T value;
        try {
            value = parser.apply(raw.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "setting '" + key + "': cannot parse " + shown + " (" + validRange + ")");
        }
        if (value == null || !validator.test(value)) {
            throw new IllegalArgumentException(
                    "setting '" + key + "': " + shown + " is out of range (" + validRange + ")");
        }
        return value;
    }

    static Setting<Integer> integer(String key, int def, int min, int max, String doc) {
        return new Setting<>(key, def, Integer::parseInt, v -> v >= min && v <= max, min + ".." + max, doc);
    }

    static Setting<Long> bytes(String key, long def, long min, long max, String doc) {
        return new Setting<>(key, def, Setting::parseBytes, v -> v >= min && v <= max, "a size such as 64m or 1g", doc);
    }

    static Setting<String> string(String key, String def, String doc) {
        return new Setting<>(key, def, s -> s, s -> true, "text", doc);
    }

    static Setting<Boolean> bool(String key, boolean def, String doc) {
        return new Setting<>(
                key,
                def,
                s -> switch (s.toLowerCase()) {
                    case "true", "yes", "on", "1" -> Boolean.TRUE;
                    case "false", "no", "off", "0" -> Boolean.FALSE;
                    default -> throw new IllegalArgumentException(s);
                },
                v -> true,
                "true or false",
                doc);
    }

    static long parseBytes(String s) {
        String t = s.toLowerCase();
        long mult = 1;
        char last = t.charAt(t.length() - 1);
        switch (last) {
            case 'k' -> mult = 1L << 10;
            case 'm' -> mult = 1L << 20;
            case 'g' -> mult = 1L << 30;
            default -> {}
        }
        if (mult != 1) t = t.substring(0, t.length() - 1);
        return Math.multiplyExact(Long.parseLong(t.trim()), mult);
    }
}
