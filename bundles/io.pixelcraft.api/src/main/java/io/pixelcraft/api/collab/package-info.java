/**
 * Status of the real-time collaboration service: how many rooms and connections this node holds.
 *
 * <p>{@link io.pixelcraft.api.collab.CollabStatus} is a provider type that only the collaboration
 * bundle implements. Bundles that call it import this package with {@code [1.0,2.0)}; the
 * collaboration bundle imports it with {@code [1.0,1.1)}, because a minor version may add methods
 * to provider types.
 */
@Version("1.0.0")
@Export
package io.pixelcraft.api.collab;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
