package io.pixelcraft.imaging.internal;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Publishes the thumbnail queue depth as {@code pixelcraft_imaging_thumbnail_queue} in Prometheus
 * while the imaging service and the metrics registry are both active.
 */
@Component(immediate = true)
public class ThumbnailMeters {

    static final String QUEUE = "pixelcraft.imaging.thumbnail.queue";

    private final MeterRegistry registry;
    private final Gauge queue;

    @Activate
    public ThumbnailMeters(@Reference MeterRegistry registry, @Reference ImagingService imaging) {
        this.registry = registry;
        Thumbnails thumbnails = imaging.thumbnails();
        this.queue = Gauge.builder(QUEUE, thumbnails, Thumbnails::queued)
                .description("Thumbnail jobs waiting for a worker").register(registry);
    }

    @Deactivate
    void deactivate() {
        registry.remove(queue);
    }
}
