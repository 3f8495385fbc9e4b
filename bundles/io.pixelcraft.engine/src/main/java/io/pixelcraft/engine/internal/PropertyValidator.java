package io.pixelcraft.engine.internal;

import io.pixelcraft.api.document.NodeType;
import io.pixelcraft.api.document.OpViolation;
import io.pixelcraft.api.document.Property;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Checks property values against {@link Property} and converts them to their stored form:
 * numbers become {@code Double}, colours lower case, filter lists immutable sorted maps.
 */
final class PropertyValidator {

    private static final Pattern COLOR = Pattern.compile("#([0-9a-fA-F]{6}|[0-9a-fA-F]{8})");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern FILTER_ID = Pattern.compile("[a-z][a-z0-9._-]{0,127}");
    private static final Pattern PARAMETER_ID = Pattern.compile("[a-z][a-zA-Z0-9-]{0,63}");
    private static final String VERSION = "\\d{1,9}(\\.\\d{1,9}(\\.\\d{1,9}(\\.[A-Za-z0-9_-]{1,64})?)?)?";
    /** An OSGi version range such as {@code [1.0,2.0)}, or a bare minimum version such as {@code 1.2}. */
    private static final Pattern VERSION_RANGE = Pattern.compile("[\\[(]" + VERSION + "," + VERSION + "[\\])]|" + VERSION);
    private static final int MAX_FILTER_PARAMS = 64;
    private static final int MAX_PARAM_STRING = 1000;

    private final int maxTextLength;

    PropertyValidator(int maxTextLength) {
        this.maxTextLength = maxTextLength;
    }

    /**
     * Validates a property map for a node type. Returns the stored values by name, where
     * {@code null} means "reset to default", or adds violations to {@code out}.
     */
    Map<String, Object> validate(int opIndex, NodeType type, Map<String, Object> props, List<OpViolation> out) {
        Map<String, Object> result = new TreeMap<>();
        for (Map.Entry<String, Object> entry : props.entrySet()) {
            String name = entry.getKey();
            String field = "props." + name;
            Property property = Property.byJsonName(name);
            if (property == null) {
                out.add(new OpViolation(opIndex, field, OpViolation.NOT_ALLOWED, "Unknown property '" + name + "'"));
                continue;
            }
            if (!property.appliesTo(type)) {
                out.add(new OpViolation(opIndex, field, OpViolation.NOT_ALLOWED,
                        "Property '" + name + "' is not defined for " + type.jsonName() + " nodes"));
                continue;
            }
            if (entry.getValue() == null) {
                result.put(name, null);
                continue;
            }
            Object value = convert(opIndex, field, property, entry.getValue(), out);
            if (value != null) {
                result.put(name, value);
            }
        }
        return result;
    }

    private Object convert(int opIndex, String field, Property property, Object raw, List<OpViolation> out) {
        return switch (property.kind()) {
            case NUMBER -> number(opIndex, field, raw, property.min(), property.max(), out);
            case BOOLEAN -> raw instanceof Boolean ? raw : fail(out, opIndex, field, OpViolation.TYPE, "must be true or false", raw);
            case STRING -> string(opIndex, field, raw, (int) property.min(), (int) property.max(), out);
            case TEXT -> string(opIndex, field, raw, 0, maxTextLength, out);
            case COLOR -> {
                if (!(raw instanceof String s)) {
                    yield fail(out, opIndex, field, OpViolation.TYPE, "must be a colour string such as #ff8800", raw);
                }
                if (!COLOR.matcher(s).matches()) {
                    yield fail(out, opIndex, field, OpViolation.SYNTAX, "must be a colour written #RRGGBB or #RRGGBBAA", raw);
                }
                yield s.toLowerCase(Locale.ROOT);
            }
            case ENUM -> {
                if (!(raw instanceof String s)) {
                    yield fail(out, opIndex, field, OpViolation.TYPE, "must be one of " + property.choices(), raw);
                }
                if (!property.choices().contains(s)) {
                    yield fail(out, opIndex, field, OpViolation.ENUM, "must be one of " + property.choices(), raw);
                }
                yield s;
            }
            case SHA256 -> {
                if (!(raw instanceof String s)) {
                    yield fail(out, opIndex, field, OpViolation.TYPE, "must be a SHA-256 hex string", raw);
                }
                if (!SHA256.matcher(s).matches()) {
                    yield fail(out, opIndex, field, OpViolation.SYNTAX, "must be 64 lower-case hex digits", raw);
                }
                yield s;
            }
            case PATH_DATA -> pathData(opIndex, field, raw, out);
            case FONT_WEIGHT -> {
                Object number = number(opIndex, field, raw, property.min(), property.max(), out);
                if (number instanceof Double d && d % 100 != 0) {
                    yield fail(out, opIndex, field, OpViolation.RANGE, "must be a multiple of 100 from 100 to 900", raw);
                }
                yield number;
            }
            case FILTERS -> filters(opIndex, field, raw, (int) property.max(), out);
        };
    }

    private Object pathData(int opIndex, String field, Object raw, List<OpViolation> out) {
        Object text = string(opIndex, field, raw, 0, maxTextLength, out);
        if (text == null) {
            return null;
        }
        try {
            PathData.parse((String) text);
            return text;
        } catch (IllegalArgumentException e) {
            return fail(out, opIndex, field, OpViolation.SYNTAX, e.getMessage(), null);
        }
    }

    private static Object number(int opIndex, String field, Object raw, double min, double max, List<OpViolation> out) {
        if (!(raw instanceof Number n)) {
            return fail(out, opIndex, field, OpViolation.TYPE, "must be a number", raw);
        }
        double value = n.doubleValue();
        if (!Double.isFinite(value)) {
            return fail(out, opIndex, field, OpViolation.RANGE, "must be a finite number", raw);
        }
        if (value < min || value > max) {
            return fail(out, opIndex, field, OpViolation.RANGE, "must be within [" + format(min) + ", " + format(max) + "]", raw);
        }
        return value == 0 ? 0.0 : value;
    }

    private static Object string(int opIndex, String field, Object raw, int minLength, int maxLength, List<OpViolation> out) {
        if (!(raw instanceof String s)) {
            return fail(out, opIndex, field, OpViolation.TYPE, "must be a string", raw);
        }
        if (s.length() < minLength || s.length() > maxLength) {
            return fail(out, opIndex, field, OpViolation.LENGTH,
                    "must have " + minLength + " to " + maxLength + " characters, has " + s.length(), null);
        }
        return s;
    }

    private static Object filters(int opIndex, String field, Object raw, int maxFilters, List<OpViolation> out) {
        if (!(raw instanceof List<?> list)) {
            return fail(out, opIndex, field, OpViolation.TYPE, "must be a list of filter objects", raw);
        }
        if (list.size() > maxFilters) {
            return fail(out, opIndex, field, OpViolation.LENGTH,
                    "may have at most " + maxFilters + " filters, has " + list.size(), null);
        }
        int before = out.size();
        List<Object> result = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String entryField = field + "[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> entry)) {
                fail(out, opIndex, entryField, OpViolation.TYPE, "must be an object with id, version and params", list.get(i));
                continue;
            }
            result.add(filter(opIndex, entryField, entry, out));
        }
        return out.size() == before ? Collections.unmodifiableList(result) : null;
    }

    private static Map<String, Object> filter(int opIndex, String field, Map<?, ?> entry, List<OpViolation> out) {
        Map<String, Object> result = new TreeMap<>();
        for (Object name : entry.keySet()) {
            if (!"id".equals(name) && !"version".equals(name) && !"params".equals(name)) {
                fail(out, opIndex, field + "." + name, OpViolation.NOT_ALLOWED, "is not a filter field: use id, version and params", null);
            }
        }
        Object id = entry.get("id");
        if (id == null) {
            fail(out, opIndex, field + ".id", OpViolation.REQUIRED, "is missing", null);
        } else if (!(id instanceof String s) || !FILTER_ID.matcher(s).matches()) {
            fail(out, opIndex, field + ".id", OpViolation.SYNTAX,
                    "must be a filter id of lower-case letters, digits, '.', '_' or '-' starting with a letter", id);
        } else {
            result.put("id", s);
        }
        Object version = entry.get("version");
        if (version == null) {
            fail(out, opIndex, field + ".version", OpViolation.REQUIRED, "is missing", null);
        } else if (!(version instanceof String s) || !VERSION_RANGE.matcher(s).matches()) {
            fail(out, opIndex, field + ".version", OpViolation.SYNTAX, "must be an OSGi version range such as [1.0,2.0)", version);
        } else {
            result.put("version", s);
        }
        result.put("params", params(opIndex, field + ".params", entry.get("params"), out));
        return Collections.unmodifiableMap(result);
    }

    private static Map<String, Object> params(int opIndex, String field, Object raw, List<OpViolation> out) {
        Map<String, Object> result = new TreeMap<>();
        if (raw == null) {
            return Collections.unmodifiableMap(result);
        }
        if (!(raw instanceof Map<?, ?> map)) {
            fail(out, opIndex, field, OpViolation.TYPE, "must be an object of parameter values", raw);
            return result;
        }
        if (map.size() > MAX_FILTER_PARAMS) {
            fail(out, opIndex, field, OpViolation.LENGTH, "may have at most " + MAX_FILTER_PARAMS + " parameters", null);
            return result;
        }
        for (Map.Entry<?, ?> parameter : map.entrySet()) {
            String parameterField = field + "." + parameter.getKey();
            if (!(parameter.getKey() instanceof String name) || !PARAMETER_ID.matcher(name).matches()) {
                fail(out, opIndex, parameterField, OpViolation.SYNTAX,
                        "is not a parameter id: use a lower-case letter, then letters, digits or '-'", null);
                continue;
            }
            Object value = parameter.getValue();
            if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
                result.put(name, n.doubleValue());
            } else if (value instanceof Boolean) {
                result.put(name, value);
            } else if (value instanceof String s && s.length() <= MAX_PARAM_STRING) {
                result.put(name, s);
            } else {
                fail(out, opIndex, parameterField, OpViolation.TYPE,
                        "must be a finite number, a boolean or a string of at most " + MAX_PARAM_STRING + " characters", value);
            }
        }
        return Collections.unmodifiableMap(result);
    }

    /** Adds a violation and returns {@code null}, so callers can {@code return fail(...)}. */
    private static Object fail(List<OpViolation> out, int opIndex, String field, String rule, String problem, Object value) {
        String shown = value == null ? "" : ", got " + describe(value);
        out.add(new OpViolation(opIndex, field, rule, "Field '" + field + "' " + problem + shown));
        return null;
    }

    private static String describe(Object value) {
        String text = value instanceof String s ? "'" + s + "'" : String.valueOf(value);
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
