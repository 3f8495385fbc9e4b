package io.pixelcraft.api.plugin;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The ordered parameters of a filter or tool. */
public record ParameterSchema(List<Parameter> parameters) {

    /** A schema without parameters. */
    public static final ParameterSchema EMPTY = new ParameterSchema(List.of());

    /** @throws IllegalArgumentException when two parameters share an id */
    public ParameterSchema {
        parameters = List.copyOf(parameters);
        Set<String> seen = new HashSet<>();
        for (Parameter parameter : parameters) {
            if (!seen.add(parameter.id())) {
                throw new IllegalArgumentException("Parameter id '" + parameter.id() + "' appears twice in the schema");
            }
        }
    }

    public static ParameterSchema of(Parameter... parameters) {
        return new ParameterSchema(List.of(parameters));
    }

    /**
     * Validates raw request values and fills in defaults for absent ones.
     *
     * @param raw values by parameter id, as parsed from JSON: numbers, strings and booleans
     * @return the typed values of every parameter in the schema
     * @throws IllegalArgumentException naming the parameter when a value is invalid or an id is
     *         not in the schema
     */
    public Parameters resolve(Map<String, ?> raw) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Parameter parameter : parameters) {
            Object value = raw.containsKey(parameter.id())
                    ? parameter.convert(raw.get(parameter.id()))
                    : parameter.defaultValue();
            values.put(parameter.id(), value);
        }
        for (String key : raw.keySet()) {
            if (!values.containsKey(key)) {
                throw new IllegalArgumentException("Unknown parameter '" + key + "': this schema has " + values.keySet());
            }
        }
        return new Parameters(values);
    }

    /** Returns the defaults of every parameter. */
    public Parameters defaults() {
        return resolve(Map.of());
    }
}
