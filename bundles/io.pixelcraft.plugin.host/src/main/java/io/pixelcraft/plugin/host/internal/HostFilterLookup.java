package io.pixelcraft.plugin.host.internal;

import io.pixelcraft.api.document.FilterLookup;
import io.pixelcraft.api.document.RasterFilter;
import io.pixelcraft.api.plugin.FilterPipeline;
import io.pixelcraft.api.plugin.FilterStep;
import io.pixelcraft.api.plugin.Raster;
import java.util.List;
import java.util.Optional;
import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The filter lookup the document renderer calls: it finds an enabled filter whose plugin version
 * is in the node's range and runs it through the {@link PluginHost}, with the result cache keyed
 * by a hash of the input pixels.
 */
@Component(service = FilterLookup.class)
public class HostFilterLookup implements FilterLookup {

    private static final Logger LOG = LoggerFactory.getLogger(HostFilterLookup.class);

    private final PluginHost host;

    @Activate
    public HostFilterLookup(@Reference PluginHost host) {
        this.host = host;
    }

    @Override
    public Optional<RasterFilter> find(String filterId, String versionRange) {
        Optional<FilterEntry> entry = host.filter(filterId);
        if (entry.isEmpty() || host.state(entry.get().symbolicName()).disabledReason() != null) {
            return Optional.empty();
        }
        if (!inRange(entry.get(), versionRange)) {
            return Optional.empty();
        }
        // NOTE: the render scale is not passed on; filter parameters are in pixels of the rendered raster.
        FilterEntry filter = entry.get();
        return Optional.of((input, params, scale) -> {
            // Checked before the conversion and the hash, which read every pixel of a layer
            // that may be too large to filter at all.
            try {
                host.checkCallCost(filter, input.getWidth(), input.getHeight(), params);
            } catch (CostLimits.CostLimitException e) {
                throw new SkippedException(e.getMessage());
            }
            Raster source = Rasters.toRaster(input);
            FilterPipeline.Result result = host.render(Rasters.hash(source), source, List.of(new FilterStep(filterId, params)));
            if (!result.skipped().isEmpty()) {
                throw new SkippedException(result.skipped().get(0).reason());
            }
            return Rasters.toImage(result.raster());
        });
    }

    /** A skipped step, which the renderer reports as a render issue of the node with {@code toString()} as detail. */
    static final class SkippedException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        SkippedException(String reason) {
            super(reason);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }

    private static boolean inRange(FilterEntry entry, String versionRange) {
        if (versionRange == null || versionRange.isBlank()) {
            return true;
        }
        try {
            return new VersionRange(versionRange).includes(Version.parseVersion(entry.version()));
        } catch (IllegalArgumentException e) {
            LOG.warn("Filter {} not offered to the renderer: invalid version range {}: {}", entry.id(), versionRange, e.getMessage());
            return false;
        }
    }
}
