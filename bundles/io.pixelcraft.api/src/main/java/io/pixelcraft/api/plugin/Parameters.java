package io.pixelcraft.api.plugin;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Validated parameter values of one call, with defaults filled in. The platform builds them from
 * a {@link ParameterSchema}, so a plugin reads each value with the accessor for its type.
 */
public final class Parameters {

    private final Map<String, Object> values;

    Parameters(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** Returns all values by id, in schema order: {@code Double}, {@code Integer} colours, {@code Boolean} or {@code String}. */
    public Map<String, Object> asMap() {
        return values;
    }

    /** @throws IllegalArgumentException when the id is absent or not a number */
    public double number(String id) {
        return get(id, Double.class);
    }

    /** Returns a number parameter rounded to an int. @throws IllegalArgumentException when the id is absent or not a number */
    public int integer(String id) {
        return (int) Math.round(number(id));
    }

    /** Returns a colour parameter as ARGB. @throws IllegalArgumentException when the id is absent or not a colour */
    public int color(String id) {
        return get(id, Integer.class);
    }

    /** @throws IllegalArgumentException when the id is absent or not a boolean */
    public boolean bool(String id) {
        return get(id, Boolean.class);
    }

    /** @throws IllegalArgumentException when the id is absent or not a choice */
    public String choice(String id) {
        return get(id, String.class);
    }

    private <T> T get(String id, Class<T> type) {
        Object value = values.get(id);
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException("Parameter '" + id + "' is " + (value == null ? "not in the schema" : "not a " + type.getSimpleName()));
        }
        return type.cast(value);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Parameters p && p.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
