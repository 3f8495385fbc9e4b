package io.pixelcraft.api.plugin;

import io.pixelcraft.api.document.DocumentSnapshot;
import io.pixelcraft.api.document.Op;
import java.util.List;
import java.util.Locale;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * An editing tool, registered by a plugin as an OSGi service: it reads the document and the
 * selection and returns document operations. The platform applies them through the normal op
 * path (validation, authorization, collaboration and history) as one batch on behalf of the
 * user who ran the tool, so a tool cannot do anything the user could not do by hand.
 */
@ConsumerType
public interface Tool {

    /** Returns the tool's id, for example {@code example.grid}; it stays the same across versions. */
    String id();

    /** Returns the name shown in the editor, in the given locale when the tool has it. */
    String name(Locale locale);

    /** Returns the parameters the tool accepts. */
    ParameterSchema schema();

    /**
     * Computes the operations.
     *
     * @param document   the document as it was when the user ran the tool
     * @param selection  ids of the selected nodes, in selection order; may be empty
     * @param parameters validated values for every parameter in {@link #schema()}
     * @param context    cancellation and fresh ids for this call
     * @return the ops to apply as one batch, in order; an empty list changes nothing
     */
    List<Op> apply(DocumentSnapshot document, List<String> selection, Parameters parameters, ToolContext context);
}
