package io.pixelcraft.api.plugin;

import org.osgi.annotation.versioning.ProviderType;

/** The platform side of a tool call: cancellation, progress and fresh ids for its ops. */
@ProviderType
public interface ToolContext extends FilterContext {

    /** Returns a node id that no node of the document uses, for {@code create} ops. */
    String newNodeId();

    /** Returns a unique op id for the next op the tool returns. */
    String newOpId();
}
