package io.pixelcraft.api.plugin;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One typed parameter of a filter or tool: a number with a range, a colour, a boolean or a
 * choice among fixed values. The editor builds its controls from these and the platform
 * validates every request against them before a plugin runs.
 */
public sealed interface Parameter {

    /** Pattern of parameter ids: a lower-case letter, then letters, digits or hyphens. */
    Pattern ID = Pattern.compile("[a-z][a-zA-Z0-9-]{0,63}");

    /** Returns the id used as the key in parameter maps and JSON. */
    String id();

    /** Returns the label shown next to the control, in English. */
    String label();

    /** Returns the value used when a request leaves the parameter out. */
    Object defaultValue();

    /**
     * Converts a raw value from a request into this parameter's Java type.
     *
     * @throws IllegalArgumentException naming the parameter and the accepted values when the raw
     *         value has the wrong type or lies outside the allowed values
     */
    Object convert(Object raw);

    private static void checkId(String id) {
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("Parameter id '" + id + "' is invalid: use a lower-case letter, then up to 63 letters, digits or hyphens");
        }
    }

    /**
     * A number in {@code [min, max]}. With {@code integer} set, values must be whole numbers and
     * {@link Parameters#integer(String)} reads them.
     */
    record Number(String id, String label, double min, double max, Double defaultValue, boolean integer)
            implements Parameter {

        public Number {
            checkId(id);
            Objects.requireNonNull(label, "label");
            if (!(min <= max) || Double.isInfinite(min) || Double.isInfinite(max)) {
                throw new IllegalArgumentException("Parameter '" + id + "' has an invalid range [" + min + ", " + max + "]");
            }
            Objects.requireNonNull(defaultValue, "defaultValue");
            if (!(defaultValue >= min && defaultValue <= max)) {
                throw new IllegalArgumentException("Parameter '" + id + "' default " + defaultValue + " is outside [" + min + ", " + max + "]");
            }
        }

        @Override
        public Object convert(Object raw) {
            if (!(raw instanceof java.lang.Number n)) {
                throw new IllegalArgumentException("Parameter '" + id + "' must be a number in [" + min + ", " + max + "], got " + describe(raw));
            }
            double value = n.doubleValue();
            if (!(value >= min && value <= max)) {
                throw new IllegalArgumentException("Parameter '" + id + "' is " + value + ", outside [" + min + ", " + max + "]");
            }
            if (integer && value != Math.rint(value)) {
                throw new IllegalArgumentException("Parameter '" + id + "' must be a whole number, got " + value);
            }
            return value;
        }
    }

    /** A colour, written {@code #RRGGBB} or {@code #AARRGGBB} in JSON and read as an ARGB int. */
    record Color(String id, String label, Integer defaultValue) implements Parameter {

        private static final Pattern HEX = Pattern.compile("#([0-9a-fA-F]{6}|[0-9a-fA-F]{8})");

        public Color {
            checkId(id);
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(defaultValue, "defaultValue");
        }

        @Override
        public Object convert(Object raw) {
            if (raw instanceof String s && HEX.matcher(s).matches()) {
                long value = Long.parseLong(s.substring(1), 16);
                return s.length() == 7 ? (int) (0xFF000000L | value) : (int) value;
            }
            throw new IllegalArgumentException("Parameter '" + id + "' must be a colour written #RRGGBB or #AARRGGBB, got " + describe(raw));
        }

        /** Formats an ARGB value as {@code #AARRGGBB}. */
        public static String format(int argb) {
            return String.format(Locale.ROOT, "#%08X", argb);
        }
    }

    /** A switch. */
    record Bool(String id, String label, Boolean defaultValue) implements Parameter {

        public Bool {
            checkId(id);
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(defaultValue, "defaultValue");
        }

        @Override
        public Object convert(Object raw) {
            if (raw instanceof Boolean b) {
                return b;
            }
            throw new IllegalArgumentException("Parameter '" + id + "' must be true or false, got " + describe(raw));
        }
    }

    /** One of a fixed list of string values. */
    record Choice(String id, String label, List<String> choices, String defaultValue) implements Parameter {

        public Choice {
            checkId(id);
            Objects.requireNonNull(label, "label");
            choices = List.copyOf(choices);
            if (choices.isEmpty() || !choices.contains(defaultValue)) {
                throw new IllegalArgumentException("Parameter '" + id + "' default '" + defaultValue + "' is not one of " + choices);
            }
        }

        @Override
        public Object convert(Object raw) {
            if (raw instanceof String s && choices.contains(s)) {
                return s;
            }
            throw new IllegalArgumentException("Parameter '" + id + "' must be one of " + choices + ", got " + describe(raw));
        }
    }

    private static String describe(Object raw) {
        if (raw == null) {
            return "null";
        }
        String text = String.valueOf(raw);
        return text.length() > 40 ? "'" + text.substring(0, 40) + "…'" : "'" + text + "'";
    }
}
