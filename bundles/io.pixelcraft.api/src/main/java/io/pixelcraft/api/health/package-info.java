/**
 * Health checks that the platform aggregates into {@code /api/health}.
 *
 * <p>Bundles implement {@link io.pixelcraft.api.health.HealthCheck} and register it as a service,
 * so it is a consumer type: an implementation imports this package with the range
 * {@code [1.0,2.0)}, and a minor version never adds a method it would have to implement.
 */
@Version("1.0.0")
@Export
package io.pixelcraft.api.health;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
