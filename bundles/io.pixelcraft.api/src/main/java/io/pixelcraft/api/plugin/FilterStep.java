package io.pixelcraft.api.plugin;

import java.util.Map;
import java.util.Objects;

/**
 * One entry of a node's filter list, as the document stores it.
 *
 * @param filterId   the {@link Filter#id()} to apply
 * @param parameters raw parameter values by id, as parsed from JSON; absent ones take defaults
 */
public record FilterStep(String filterId, Map<String, Object> parameters) {

    public FilterStep {
        Objects.requireNonNull(filterId, "filterId");
        parameters = Map.copyOf(parameters);
    }
}
