package io.pixelcraft.plugin.host.internal;

import io.pixelcraft.plugin.host.internal.sandbox.Violation;
import java.util.List;

/**
 * One plugin bundle as the admin REST routes and console commands show it.
 *
 * @param symbolicName      the bundle symbolic name
 * @param version           the bundle version
 * @param bundleId          the framework's bundle id
 * @param state             the bundle state: {@code INSTALLED}, {@code RESOLVED}, {@code ACTIVE} and so on
 * @param sandboxed         whether the bundle carries the plugin header and runs sandboxed
 * @param enabled           false when an administrator or the budget rule disabled it
 * @param disabledReason    why it is disabled, or null
 * @param budgetFailures    failures that counted toward disabling it since it was last enabled or the host started
 * @param filterIds         ids of the filters it registered
 * @param toolIds           ids of the tools it registered
 * @param violations        forbidden references that kept it from resolving
 * @param wiringRejections  imports the resolver hook removed
 */
public record PluginInfo(String symbolicName, String version, long bundleId, String state, boolean sandboxed,
        boolean enabled, String disabledReason, int budgetFailures, List<String> filterIds, List<String> toolIds,
        List<Violation> violations, List<String> wiringRejections) {
}
