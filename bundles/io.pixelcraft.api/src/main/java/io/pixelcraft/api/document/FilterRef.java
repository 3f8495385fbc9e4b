package io.pixelcraft.api.document;

import java.util.Map;

/**
 * One non-destructive filter in a node's {@code filters} list. In JSON it is an object with the
 * same three fields.
 *
 * @param id      the filter id that the plugin registers, for example {@code example.duotone}
 * @param version the OSGi version range of the plugin that may provide it, for example
 *                {@code [1.0,2.0)}
 * @param params  parameter values by parameter id: numbers, strings or booleans
 */
public record FilterRef(String id, String version, Map<String, Object> params) {

    public FilterRef {
        params = params == null ? Map.of() : Map.copyOf(params);
    }

    /** Returns the JSON-shaped map that documents store for this filter. */
    public Map<String, Object> toMap() {
        return Map.of("id", id, "version", version, "params", params);
    }

    /**
     * Reads a filter from its stored map form, as found in {@code Node.props().get("filters")}.
     *
     * @throws IllegalArgumentException when the map lacks {@code id} or {@code version}
     */
    @SuppressWarnings("unchecked")
    public static FilterRef fromMap(Map<String, Object> map) {
        Object id = map.get("id");
        Object version = map.get("version");
        Object params = map.get("params");
        if (!(id instanceof String) || !(version instanceof String)) {
            throw new IllegalArgumentException("Filter entry needs string fields 'id' and 'version', got " + map);
        }
        return new FilterRef((String) id, (String) version,
                params instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of());
    }
}
