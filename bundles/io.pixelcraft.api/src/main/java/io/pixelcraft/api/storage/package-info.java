/**
 * Access to the platform's MongoDB database and GridFS buckets.
 *
 * <p>The platform implements these interfaces and other bundles only call them, so they are
 * provider types: a caller imports this package with the range {@code [1.0,2.0)}, an
 * implementation with {@code [1.0,1.1)}, because a minor version may add methods that only
 * implementations must provide.
 */
@Version("1.0.0")
@Export
package io.pixelcraft.api.storage;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
