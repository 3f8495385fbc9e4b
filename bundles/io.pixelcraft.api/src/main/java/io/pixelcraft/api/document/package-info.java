/**
 * The layered document model and the engine that changes it: node types and properties, the
 * four operations (create, set, delete, move) with client op ids, atomic batches with a
 * validation result per op, fractional index keys for sibling order, and rendering to rasters.
 *
 * <p>Every record here has a stable JSON form (field names as declared, type and kind names in
 * lower case), so the REST API, the collaboration protocol, version history and the web editor
 * exchange the same shapes. Jackson reads and writes them without annotations.
 *
 * <p>{@link io.pixelcraft.api.document.DocumentEngine} and
 * {@link io.pixelcraft.api.document.Document} are provider types that only the engine bundle
 * implements; {@link io.pixelcraft.api.document.ImageLookup},
 * {@link io.pixelcraft.api.document.FilterLookup} and
 * {@link io.pixelcraft.api.document.RasterFilter} are consumer types that other bundles implement
 * for the renderer. A bundle that only calls the engine or implements a consumer type imports this
 * package with {@code [1.0,2.0)}; the engine imports it with {@code [1.0,1.1)}, because a minor
 * version may add methods to provider types but never to consumer types.
 */
@Version("1.0.0")
@Export
package io.pixelcraft.api.document;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
