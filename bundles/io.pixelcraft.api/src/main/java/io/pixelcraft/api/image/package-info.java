/**
 * Stored images: metadata and pixels by content hash, references that keep an image alive, and
 * signed delivery URLs.
 *
 * <p>The imaging bundle implements {@link io.pixelcraft.api.image.ImageStore}, and other bundles
 * only call it, so it is a provider type. A bundle that calls it imports this package up to the
 * next major version, for example {@code [1.2,2.0)}; an implementation imports it up to the next
 * minor version, {@code [1.2,1.3)}, because a minor version may add methods that only
 * implementations must provide. Version 1.1 added
 * {@link io.pixelcraft.api.image.ImageStore#storeGenerated}, and 1.2 added
 * {@link io.pixelcraft.api.image.ImageStore#isUploader}.
 */
@Version("1.2.0")
@Export
package io.pixelcraft.api.image;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
