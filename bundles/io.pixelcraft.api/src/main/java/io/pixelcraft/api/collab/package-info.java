/**
 * Status of the real-time collaboration service (how many rooms and connections this node holds),
 * and {@link io.pixelcraft.api.collab.LiveRooms}, through which the REST API submits edits to a
 * project's open room so that REST and live edits share one order.
 *
 * <p>{@link io.pixelcraft.api.collab.CollabStatus} and {@link io.pixelcraft.api.collab.LiveRooms}
 * are provider types that only the collaboration bundle implements. Bundles that call them import
 * this package with {@code [1.0,2.0)}; the collaboration bundle imports it with {@code [1.0,1.1)},
 * because a minor version may add methods to provider types.
 */
@Version("1.0.0")
@Export
package io.pixelcraft.api.collab;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
