package io.pixelcraft.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoTimeoutException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pixelcraft.api.health.HealthResult;
import io.pixelcraft.api.storage.StorageUnavailableException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pool validation, swap-and-drain, fail-fast checkouts and pool meters against a real embedded store. */
class PoolReconfigurationTest {

    @TempDir
    Path directory;

    private MongoStorageService storage;
    private ExecutorService workers;

    @AfterEach
    void stop() {
        if (workers != null) {
            workers.shutdownNow();
        }
        if (storage != null) {
            storage.stop();
        }
    }

    @Test
    void undersizedPoolRejectedAtRuntime() {
        storage = start(Map.of());
        storage.database().getCollection("projects").insertOne(new Document("_id", "p1"));

        boolean applied = storage.reconfigure(config(Map.of("maxPoolSize", 5)));

        assertThat(applied).isFalse();
        assertThat(storage.info().maxPoolSize()).isEqualTo(50);
        assertThat(storage.settings().maxPoolSize()).isEqualTo(50);
        assertThat(storage.drainingClients()).isZero();
        assertThat(storage.database().getCollection("projects").find(Filters.eq("_id", "p1")).first()).isNotNull();
    }

    @Test
    void undersizedPoolAcceptedWithOverride() {
        storage = start(Map.of());

        boolean applied = storage.reconfigure(config(Map.of("maxPoolSize", 5, "allowUndersizedPool", true)));

        assertThat(applied).isTrue();
        assertThat(storage.info().maxPoolSize()).isEqualTo(5);
        assertThat(storage.pool().maxSize()).isEqualTo(5);
    }

    @Test
    void undersizedPoolRaisedAtActivation() {
        StorageConfig config = config(Map.of("maxPoolSize", 5, "expectedConcurrency", 20));

        StorageSettings settings = MongoStorageService.initialSettings(config);

        assertThat(settings.maxPoolSize()).isEqualTo(20);
    }

    @Test
    void settingsWithoutClientChangeKeepClient() {
        storage = start(Map.of());

        boolean applied = storage.reconfigure(config(Map.of("poolWaitReadinessThresholdMs", 500)));

        assertThat(applied).isTrue();
        assertThat(storage.settings().poolWaitReadinessThresholdMs()).isEqualTo(500);
        assertThat(storage.drainingClients()).isZero();
    }

    @Test
    void poolChangeDrainsReplacedClient() throws Exception {
        storage = start(Map.of("drainGraceMs", 0));

        storage.reconfigure(config(Map.of("maxPoolSize", 40, "drainGraceMs", 0)));

        assertThat(storage.info().maxPoolSize()).isEqualTo(40);
        awaitNoDrainingClients(Duration.ofSeconds(5));
    }

    @Test
    void replacementPoolWarmBeforeSwap() throws Exception {
        storage = start(Map.of());
        hammer(8, Duration.ofMillis(500));
        int openBefore = storage.pool().size();
        assertThat(openBefore).isGreaterThan(1);

        storage.reconfigure(config(Map.of("maxPoolSize", 60)));

        assertThat(storage.info().maxPoolSize()).isEqualTo(60);
        assertThat(storage.pool().size()).isGreaterThanOrEqualTo(openBefore);
        assertThat(storage.settings().minPoolSize()).isZero();
    }

    @Test
    void collectionHeldAcrossSwapKeepsWorking() {
        storage = start(Map.of());
        MongoCollection<Document> projects = storage.database().getCollection("projects");

        storage.reconfigure(config(Map.of("maxPoolSize", 60)));
        projects.insertOne(new Document("_id", "p1"));

        assertThat(storage.drainingClients()).isEqualTo(1);
        assertThat(storage.database().getCollection("projects").find(Filters.eq("_id", "p1")).first()).isNotNull();
    }

    @Test
    void collectionUsedAfterDrainRaisesUnavailable() throws Exception {
        storage = start(Map.of("drainGraceMs", 0));
        MongoCollection<Document> projects = storage.database().getCollection("projects");

        storage.reconfigure(config(Map.of("maxPoolSize", 60, "drainGraceMs", 0)));
        awaitNoDrainingClients(Duration.ofSeconds(5));

        assertThatThrownBy(() -> projects.insertOne(new Document("_id", "p1")))
                .isInstanceOf(StorageUnavailableException.class)
                .hasMessageContaining("replaced");
    }

    @Test
    void swapUnderLoadFailsNoCall() throws Exception {
        storage = start(Map.of("drainGraceMs", 50));
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger calls = new AtomicInteger();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        workers = Executors.newFixedThreadPool(8);
        List<Future<?>> load = new ArrayList<>();
        for (int worker = 0; worker < 8; worker++) {
            int id = worker;
            load.add(workers.submit(() -> {
                int n = 0;
                while (running.get()) {
                    try {
                        // One unit of work: fetch the database, then write and read on it.
                        MongoCollection<Document> projects = storage.database().getCollection("projects");
                        String key = id + "-" + n++;
                        projects.insertOne(new Document("_id", key));
                        if (projects.find(Filters.eq("_id", key)).first() == null) {
                            failures.add(new AssertionError("Document " + key + " not found after insert"));
                        }
                        calls.incrementAndGet();
                    } catch (RuntimeException e) {
                        failures.add(e);
                    }
                }
            }));
        }

        int[] sizes = {40, 60, 32, 50, 45, 55};
        for (int size : sizes) {
            Thread.sleep(150);
            assertThat(storage.reconfigure(config(Map.of("maxPoolSize", size, "drainGraceMs", 50)))).isTrue();
        }
        Thread.sleep(150);
        running.set(false);
        for (Future<?> future : load) {
            future.get(10, TimeUnit.SECONDS);
        }

        assertThat(failures).isEmpty();
        assertThat(calls.get()).isGreaterThan(100);
        assertThat(storage.info().maxPoolSize()).isEqualTo(55);
        awaitNoDrainingClients(Duration.ofSeconds(5));
    }

    @Test
    void stopUnderLoadRaisesOnlyUnavailable() throws Exception {
        MongoStorageService service = start(Map.of());
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger calls = new AtomicInteger();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        workers = Executors.newFixedThreadPool(8);
        List<Future<?>> load = new ArrayList<>();
        for (int worker = 0; worker < 8; worker++) {
            load.add(workers.submit(() -> {
                while (running.get()) {
                    try {
                        service.database().getCollection("load").insertOne(new Document("payload", "x"));
                        calls.incrementAndGet();
                    } catch (RuntimeException e) {
                        failures.add(e);
                    }
                }
            }));
        }
        Thread.sleep(300);

        service.stop();
        Thread.sleep(100);
        running.set(false);
        for (Future<?> future : load) {
            future.get(10, TimeUnit.SECONDS);
        }

        assertThat(calls.get()).isPositive();
        assertThat(failures).isNotEmpty();
        assertThat(failures).allSatisfy(failure -> assertThat(failure).isInstanceOf(StorageUnavailableException.class));
        assertThat(service.drainingClients()).isZero();
    }

    @Test
    void exhaustedPoolFailsFast() throws Exception {
        storage = start(Map.of("maxPoolSize", 1, "allowUndersizedPool", true, "maxWaitTimeMs", 0));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        storage.bindMeterRegistry(registry);
        storage.database().getCollection("projects").insertOne(new Document("_id", "warm-up"));

        List<Throwable> failures = hammer(16, Duration.ofMillis(800));

        assertThat(failures).isNotEmpty();
        assertThat(failures).allSatisfy(failure -> assertThat(failure)
                .isInstanceOf(StorageUnavailableException.class)
                .hasCauseInstanceOf(MongoTimeoutException.class));
        assertThat(storage.pool().checkoutTimeouts()).isEqualTo(failures.size());
        Timer timeouts = registry.get(PoolMeters.PREFIX + ".checkout").tag("outcome", "timeout").timer();
        assertThat(timeouts.count()).isEqualTo(failures.size());
    }

    @Test
    void poolMetersReadCurrentClient() {
        storage = start(Map.of());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        storage.bindMeterRegistry(registry);
        storage.database().getCollection("projects").insertOne(new Document("_id", "p1"));

        storage.reconfigure(config(Map.of("maxPoolSize", 60)));

        assertThat(registry.get(PoolMeters.PREFIX + ".max").gauge().value()).isEqualTo(60);
        assertThat(registry.get(PoolMeters.PREFIX + ".draining.clients").gauge().value()).isEqualTo(1);
        // The replacement opened as many connections as the replaced pool had: one.
        assertThat(registry.get(PoolMeters.PREFIX + ".size").gauge().value()).isEqualTo(1);
        assertThat(registry.get(PoolMeters.PREFIX + ".checkout").tag("outcome", "success").timer().count())
                .isPositive();

        storage.unbindMeterRegistry(registry);

        assertThat(registry.find(PoolMeters.PREFIX + ".max").gauge()).isNull();
    }

    @Test
    void readinessDownWhileWaitersPersist() throws Exception {
        storage = start(Map.of("maxPoolSize", 1, "allowUndersizedPool", true, "maxWaitTimeMs", 5000,
                "poolWaitReadinessThresholdMs", 100));
        PoolHealthCheck check = new PoolHealthCheck(storage);
        assertThat(check.check().up()).isTrue();
        workers = Executors.newSingleThreadExecutor();
        List<HealthResult> results = new ArrayList<>();

        Future<List<Throwable>> load = workers.submit(() -> hammer(8, Duration.ofMillis(1500)));
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1400);
        while (System.nanoTime() < deadline) {
            results.add(check.check());
            Thread.sleep(20);
        }
        assertThat(load.get(10, TimeUnit.SECONDS)).isEmpty();

        assertThat(results).anySatisfy(result -> assertThat(result.up()).isFalse());
        assertThat(results.stream().filter(result -> !result.up()).findFirst().orElseThrow().detail())
                .contains("exhausted")
                .contains("threshold of 100 ms");
        assertThat(check.check().up()).isTrue();
    }

    /** Runs inserts on {@code threads} threads for {@code duration} and returns every failure. */
    private List<Throwable> hammer(int threads, Duration duration) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        long deadline = System.nanoTime() + duration.toNanos();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    while (System.nanoTime() < deadline) {
                        try {
                            storage.database().getCollection("load").insertOne(new Document("payload", "x".repeat(2000)));
                        } catch (RuntimeException e) {
                            failures.add(e);
                        }
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get(duration.toMillis() + 10_000, TimeUnit.MILLISECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        return new ArrayList<>(failures);
    }

    private void awaitNoDrainingClients(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (storage.drainingClients() > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Replaced client not closed within " + timeout);
            }
            Thread.sleep(20);
        }
    }

    private MongoStorageService start(Map<String, Object> overrides) {
        return new MongoStorageService(StorageSettings.from(config(overrides)), new InProcessEmbeddedStore(directory),
                false);
    }

    private static StorageConfig config(Map<String, Object> overrides) {
        return StorageConfigs.with(new HashMap<>(overrides));
    }
}
