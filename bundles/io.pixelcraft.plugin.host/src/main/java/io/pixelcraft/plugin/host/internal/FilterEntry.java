package io.pixelcraft.plugin.host.internal;

import io.pixelcraft.api.plugin.Filter;
import io.pixelcraft.api.plugin.FilterCost;
import io.pixelcraft.api.plugin.ParameterSchema;
import java.util.Locale;
import java.util.Map;

/**
 * A registered filter service with the metadata read from it once, within a budget, when it
 * arrived.
 *
 * @param id           the filter id
 * @param names        display names by language tag, with at least {@code en}
 * @param schema       the parameter schema
 * @param filter       the service object
 * @param bundleId     the bundle that registered the service
 * @param symbolicName that bundle's symbolic name
 * @param version      that bundle's version, part of the cache key
 * @param sandboxed    whether the bundle is a sandboxed plugin
 * @param cost         the cost estimate that the filter declared, or {@link FilterCost#PER_PIXEL}
 */
public record FilterEntry(String id, Map<String, String> names, ParameterSchema schema, Filter filter,
        long bundleId, String symbolicName, String version, boolean sandboxed, FilterCost cost) {

    /** Returns the name in the locale's language, or the English one. */
    public String name(Locale locale) {
        return names.getOrDefault(locale.getLanguage(), names.get("en"));
    }
}
