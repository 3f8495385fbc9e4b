package io.pixelcraft.api.plugin;

import io.pixelcraft.api.document.DocumentSnapshot;
import io.pixelcraft.api.document.Op;
import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Runs a tool plugin within its budget, for the bundle that owns the op path. The caller applies
 * the returned ops as one batch, with the usual validation and authorization.
 */
@ProviderType
public interface ToolRunner {

    /**
     * Runs a tool.
     *
     * @param toolId     the {@link Tool#id()}
     * @param document   the current document
     * @param selection  ids of the selected nodes
     * @param parameters raw parameter values by id, as parsed from JSON
     * @return the ops the tool produced
     * @throws IllegalArgumentException when no enabled tool has the id or the parameters are invalid
     * @throws IllegalStateException    when the tool failed or exceeded its budget, with the reason
     */
    List<Op> run(String toolId, DocumentSnapshot document, List<String> selection, Map<String, Object> parameters);
}
