/**
 * The budget checks that the plugin host weaves into sandboxed plugin classes.
 *
 * <p>The host's weaving hook adds calls to {@link io.pixelcraft.plugin.sandbox.Checkpoint} at
 * method entries, loop back-edges, exception handlers and array allocations, and adds this
 * package as a dynamic import of each woven plugin class. Plugin source code may not reference
 * it: the bytecode check rejects a plugin that does. The package is exported only so that woven
 * classes can link to it. Only the platform calls {@link io.pixelcraft.plugin.sandbox.CallBudget},
 * so a bundle that uses it imports this package with {@code [1.0,1.1)}.
 */
@Version("1.0.0")
@Export
package io.pixelcraft.plugin.sandbox;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
