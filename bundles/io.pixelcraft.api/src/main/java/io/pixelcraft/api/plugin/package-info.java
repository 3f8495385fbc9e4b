/**
 * The plugin service interfaces: image filters and editing tools that third parties ship as
 * OSGi bundles, with their parameter schemas, the raster type filters work on and the context
 * through which a call reports progress and checks for cancellation.
 *
 * <p>{@link io.pixelcraft.api.plugin.Filter}, {@link io.pixelcraft.api.plugin.CostedFilter} and
 * {@link io.pixelcraft.api.plugin.Tool} are consumer types: plugins implement them and register
 * them as services. A plugin therefore imports this package with the range {@code [1.0,2.0)},
 * because a minor version never adds a method that a consumer type must implement.
 * {@link io.pixelcraft.api.plugin.FilterContext}, {@link io.pixelcraft.api.plugin.ToolContext},
 * {@link io.pixelcraft.api.plugin.FilterPipeline} and {@link io.pixelcraft.api.plugin.ToolRunner}
 * are provider types that only the platform implements. The platform imports this package with
 * {@code [1.1,1.2)}, because a minor version may add methods to provider types. Bundles that only
 * call the pipeline or the tool runner import it with {@code [1.0,2.0)}. Version 1.1 added
 * {@code CostedFilter} and {@code FilterCost}.
 *
 * <p>A plugin bundle carries the manifest header {@value io.pixelcraft.api.plugin.Plugins#HEADER}
 * and runs sandboxed: it may wire only to the plugin API packages and an allow-list of JDK
 * packages, and every call has a time, output and allocation budget. A filter may declare a
 * {@link io.pixelcraft.api.plugin.FilterCost}, which the platform checks before each call. See
 * {@code docs/plugins.md}.
 */
@Version("1.1.0")
@Export
package io.pixelcraft.api.plugin;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
