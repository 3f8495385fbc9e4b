/**
 * Status of the real-time collaboration service (how many rooms and connections this node holds),
 * and {@link io.pixelcraft.api.collab.LiveRooms}, through which the REST API submits edits to a
 * project's open room so that REST and live edits share one order. Since 1.1,
 * {@link io.pixelcraft.api.collab.LiveRooms#remoteRoom} names the node whose room is open when
 * that is another node ({@link io.pixelcraft.api.collab.RemoteRoom}).
 *
 * <p>{@link io.pixelcraft.api.collab.CollabStatus} and {@link io.pixelcraft.api.collab.LiveRooms}
 * are provider types that only the collaboration bundle implements. Bundles that call them import
 * this package from the minor version they were built against up to 2.0, for example
 * {@code [1.1,2.0)}. The collaboration bundle imports it with {@code [1.1,1.2)}, because a minor
 * version may add methods to provider types.
 */
@Version("1.1.0")
@Export
package io.pixelcraft.api.collab;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
