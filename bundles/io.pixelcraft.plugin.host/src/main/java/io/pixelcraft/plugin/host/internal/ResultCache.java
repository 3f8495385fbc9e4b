package io.pixelcraft.plugin.host.internal;

import io.pixelcraft.api.plugin.FilterPipeline;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A least-recently-used cache of rendered filter results, bounded by the bytes of their pixels.
 * One lock guards it because entries are few and lookups are short next to a filter call.
 */
final class ResultCache {

    /** A cache key: source image hash and, per step, filter id, plugin version and parameters. */
    record Key(String sourceHash, List<StepKey> steps) {
    }

    /**
     * One step of a key. The version is the plugin's bundle version, or a marker such as
     * {@code missing} when the step was skipped, so installing the plugin changes the key.
     */
    record StepKey(String filterId, String version, Map<String, Object> parameters) {
    }

    private final long maxBytes;
    private final LinkedHashMap<Key, FilterPipeline.Result> entries = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;

    ResultCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    synchronized FilterPipeline.Result get(Key key) {
        return entries.get(key);
    }

    synchronized void put(Key key, FilterPipeline.Result result) {
        long size = sizeOf(result);
        if (size > maxBytes) {
            return;
        }
        FilterPipeline.Result previous = entries.put(key, result);
        bytes += size - (previous == null ? 0 : sizeOf(previous));
        for (Iterator<Map.Entry<Key, FilterPipeline.Result>> it = entries.entrySet().iterator(); bytes > maxBytes && it.hasNext();) {
            Map.Entry<Key, FilterPipeline.Result> eldest = it.next();
            bytes -= sizeOf(eldest.getValue());
            it.remove();
        }
    }

    /** Removes every entry that used a filter of the given id. */
    synchronized void evictFilter(String filterId) {
        for (Iterator<Map.Entry<Key, FilterPipeline.Result>> it = entries.entrySet().iterator(); it.hasNext();) {
            Map.Entry<Key, FilterPipeline.Result> entry = it.next();
            if (entry.getKey().steps().stream().anyMatch(step -> step.filterId().equals(filterId))) {
                bytes -= sizeOf(entry.getValue());
                it.remove();
            }
        }
    }

    synchronized int size() {
        return entries.size();
    }

    private static long sizeOf(FilterPipeline.Result result) {
        return 4L * result.raster().pixelCount();
    }
}
