package io.pixelcraft.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBucket;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pixelcraft.api.collab.CollabStatus;
import io.pixelcraft.api.health.HealthCheck;
import io.pixelcraft.api.health.HealthResult;
import io.pixelcraft.api.storage.StorageInfo;
import io.pixelcraft.api.storage.StorageService;
import io.pixelcraft.console.internal.StatusReport.Row;
import io.pixelcraft.console.internal.StatusReport.Sources;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class StatusReportTest {

    private static final StorageService STORAGE = new StorageService() {
        @Override
        public MongoDatabase database() {
            throw new UnsupportedOperationException("Not needed by the report");
        }

        @Override
        public GridFSBucket bucket(String name) {
            throw new UnsupportedOperationException("Not needed by the report");
        }

        @Override
        public StorageInfo info() {
            return new StorageInfo("embedded", "127.0.0.1:40123", "pixelcraft", 50);
        }
    };

    private static final HealthCheck STORE_CHECK = new HealthCheck() {
        @Override
        public String name() {
            return "store";
        }

        @Override
        public HealthResult check() {
            return HealthResult.up("embedded store at 127.0.0.1:40123, database pixelcraft, ping 2 ms");
        }
    };

    private static final CollabStatus COLLAB = new CollabStatus() {
        @Override
        public int roomCount() {
            return 4;
        }

        @Override
        public int connectionCount() {
            return 9;
        }
    };

    @Test
    void statusWithoutServicesSaysNotAvailable() {
        Map<String, String> rows = byLabel(new StatusReport(new Sources("1.0.0", Duration.ofSeconds(75), null, null,
                null, null, null, -1, 0)).status());

        assertThat(rows.get("Version")).isEqualTo("1.0.0");
        assertThat(rows.get("Uptime")).isEqualTo("1 min 15 s");
        assertThat(rows.get("Store")).startsWith("not available");
        assertThat(rows.get("Pool")).startsWith("not available");
        assertThat(rows.get("Rooms")).startsWith("not available");
        assertThat(rows.get("Sessions")).startsWith("not available");
        assertThat(rows.get("Queues")).isEqualTo("thumbnails not available");
        assertThat(rows.get("Plugins")).isEqualTo("not available");
    }

    @Test
    void statusReadsEveryService() {
        SimpleMeterRegistry meters = poolMeters();
        Gauge.builder(StatusReport.THUMBNAIL_QUEUE_METER, () -> 3).register(meters);

        Map<String, String> rows = byLabel(new StatusReport(new Sources("1.0.0", Duration.ofHours(26), STORAGE,
                STORE_CHECK, meters, COLLAB, null, 2, 1)).status());

        assertThat(rows.get("Uptime")).isEqualTo("1 d 2 h 0 min");
        assertThat(rows.get("Store")).isEqualTo("UP: embedded store at 127.0.0.1:40123, database pixelcraft, ping 2 ms");
        assertThat(rows.get("Pool")).isEqualTo("7 of 50 connections in use (minimum accepted 32), 10 open,"
                + " 2 waiting, 4 checkout timeouts, 1 replaced clients draining");
        assertThat(rows.get("Rooms")).isEqualTo("4 rooms, 9 WebSocket connections");
        assertThat(rows.get("Queues")).isEqualTo("thumbnails 3 queued");
        assertThat(rows.get("Plugins")).isEqualTo("2 plugin bundles, 1 active");
    }

    @Test
    void pluginsRowCountsCallsByOutcome() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Map<String, Integer> callsByOutcome = Map.of("ok", 5, "failed", 2, "budget_time", 1, "budget_memory", 1,
                "busy", 3);
        callsByOutcome.forEach((outcome, count) -> {
            Timer timer = Timer.builder(StatusReport.PLUGIN_CALLS_METER).tag("plugin", "example.duotone")
                    .tag("type", "filter").tag("outcome", outcome).register(meters);
            for (int i = 0; i < count; i++) {
                timer.record(1, TimeUnit.MILLISECONDS);
            }
        });

        Map<String, String> rows = byLabel(new StatusReport(new Sources("1.0.0", Duration.ZERO, null, null,
                meters, null, null, 2, 2)).status());

        assertThat(rows.get("Plugins")).isEqualTo("2 plugin bundles, 2 active; 12 calls since start, 2 failed,"
                + " 2 stopped by a budget");
    }

    @Test
    void pluginsRowListsDisabledPlugins() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Map<String, Integer> disabledByPlugin = Map.of("io.pixelcraft.filters.builtin", 1, "example.duotone", 0,
                "example.halftone", 1);
        disabledByPlugin.forEach((plugin, disabled) -> Gauge.builder(StatusReport.PLUGIN_DISABLED_METER, () -> disabled)
                .tag("plugin", plugin).register(meters));

        Map<String, String> rows = byLabel(new StatusReport(new Sources("1.0.0", Duration.ZERO, null, null,
                meters, null, null, 2, 1)).status());

        assertThat(rows.get("Plugins")).isEqualTo("2 plugin bundles, 1 active; disabled: example.halftone,"
                + " io.pixelcraft.filters.builtin (see pixelcraft:plugin-list)");
    }

    @Test
    void failingServiceReportedInItsRow() {
        CollabStatus broken = new CollabStatus() {
            @Override
            public int roomCount() {
                throw new IllegalStateException("room manager stopped");
            }

            @Override
            public int connectionCount() {
                return 0;
            }
        };

        Map<String, String> rows = byLabel(new StatusReport(new Sources("1.0.0", Duration.ZERO, STORAGE, null,
                null, broken, null, 0, 0)).status());

        assertThat(rows.get("Rooms")).isEqualTo("failed: room manager stopped");
        assertThat(rows.get("Store")).isEqualTo("embedded store at 127.0.0.1:40123, database pixelcraft");
    }

    @Test
    void poolShowsGaugesAndCheckoutTime() {
        SimpleMeterRegistry meters = poolMeters();
        Timer.builder(StatusReport.POOL_METERS + ".checkout").tag("outcome", "success").register(meters)
                .record(2, TimeUnit.MILLISECONDS);
        Timer.builder(StatusReport.POOL_METERS + ".checkout").tag("outcome", "timeout").register(meters)
                .record(300, TimeUnit.MILLISECONDS);

        Map<String, String> rows = byLabel(new StatusReport(new Sources("1.0.0", Duration.ZERO, STORAGE, null,
                meters, null, null, 0, 0)).pool());

        assertThat(rows.get("Store")).isEqualTo("embedded store at 127.0.0.1:40123");
        assertThat(rows.get("Maximum pool size")).isEqualTo("50");
        assertThat(rows.get("Required minimum")).isEqualTo("32");
        assertThat(rows.get("In use")).isEqualTo("7");
        assertThat(rows.get("Waiting")).isEqualTo("2");
        assertThat(rows.get("Waiting without a break")).isEqualTo("1.5 s");
        assertThat(rows.get("Checkout time")).startsWith("mean 151.00 ms over 2 checkouts");
        assertThat(rows.get("Replaced clients draining")).isEqualTo("1 with 3 calls running");
    }

    @Test
    void poolWithoutMetersSaysWhy() {
        List<Row> rows = new StatusReport(new Sources("1.0.0", Duration.ZERO, STORAGE, null, null, null, null, 0, 0))
                .pool();

        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).value()).contains("io.pixelcraft.metrics");
    }

    private static SimpleMeterRegistry poolMeters() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Map<String, Double> values = Map.of("max", 50.0, "required", 32.0, "size", 10.0, "checked.out", 7.0,
                "waiting", 2.0, "waiting.duration.seconds", 1.5, "checkout.timeouts", 4.0, "draining.clients", 1.0,
                "draining.calls", 3.0);
        values.forEach((name, value) -> Gauge.builder(StatusReport.POOL_METERS + "." + name, () -> value)
                .register(meters));
        return meters;
    }

    private static Map<String, String> byLabel(List<Row> rows) {
        return rows.stream().collect(Collectors.toMap(Row::label, Row::value));
    }
}
