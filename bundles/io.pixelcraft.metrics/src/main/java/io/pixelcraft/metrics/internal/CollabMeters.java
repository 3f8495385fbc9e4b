package io.pixelcraft.metrics.internal;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pixelcraft.api.collab.CollabStatus;
import java.util.ArrayList;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Publishes the collaboration service's counts as gauges while both it and the registry exist
 * (the reference is optional so that the metrics bundle resolves without the collaboration one):
 * {@code pixelcraft_collab_rooms} and {@code pixelcraft_collab_connections} in Prometheus. The
 * WebSocket disconnect alert watches the collaboration bundle's close counter
 * ({@code pixelcraft_collab_closes_total}), not these gauges.
 */
@Component(immediate = true)
public class CollabMeters {

    static final String ROOMS = "pixelcraft.collab.rooms";
    static final String CONNECTIONS = "pixelcraft.collab.connections";

    private final MeterRegistry registry;
    private final List<Gauge> gauges = new ArrayList<>();

    @Activate
    public CollabMeters(@Reference MeterRegistry registry,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
            CollabStatus collab) {
        this.registry = registry;
        if (collab == null) {
            return;
        }
        gauges.add(Gauge.builder(ROOMS, collab, CollabStatus::roomCount)
                .description("Open collaboration rooms on this node").register(registry));
        gauges.add(Gauge.builder(CONNECTIONS, collab, CollabStatus::connectionCount)
                .description("Open WebSocket connections on this node").register(registry));
    }

    @Deactivate
    void deactivate() {
        gauges.forEach(registry::remove);
    }
}
