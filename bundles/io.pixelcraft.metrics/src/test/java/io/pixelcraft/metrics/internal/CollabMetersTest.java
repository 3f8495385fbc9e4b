package io.pixelcraft.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pixelcraft.api.collab.CollabStatus;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CollabMetersTest {

    @Test
    void gaugesFollowCollabCounts() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AtomicInteger connections = new AtomicInteger(12);
        CollabStatus collab = new CollabStatus() {
            @Override
            public int roomCount() {
                return 3;
            }

            @Override
            public int connectionCount() {
                return connections.get();
            }
        };

        CollabMeters meters = new CollabMeters(registry, collab);
        connections.set(7);

        assertThat(registry.get(CollabMeters.ROOMS).gauge().value()).isEqualTo(3);
        assertThat(registry.get(CollabMeters.CONNECTIONS).gauge().value()).isEqualTo(7);

        meters.deactivate();

        assertThat(registry.find(CollabMeters.CONNECTIONS).gauge()).isNull();
    }
}
