package io.pixelcraft.imaging.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pixelcraft.testing.TestStorage;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThumbnailMetersTest {

    @TempDir
    Path data;

    @Test
    void queueGaugeRegisteredAndRemoved() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TestStorage storage = new TestStorage()) {
            ImagingService imaging = new ImagingService(storage, (caller, access, projectId) -> Optional.empty(),
                    new TestConfig(), Clock.systemUTC(), data);
            try {
                ThumbnailMeters meters = new ThumbnailMeters(registry, imaging);

                assertThat(registry.get(ThumbnailMeters.QUEUE).gauge().value()).isZero();

                meters.deactivate();
                assertThat(registry.find(ThumbnailMeters.QUEUE).gauge()).isNull();
            } finally {
                imaging.deactivate();
            }
        }
    }
}
