package io.pixelcraft.storage.internal;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Pool meters of the storage service in a Micrometer registry. The gauges read the current client
 * on every scrape, so they continue across a pool change; a replaced client that is still draining
 * shows up only in {@code pixelcraft.store.pool.draining.*}.
 *
 * <p>In Prometheus: {@code pixelcraft_store_pool_size}, {@code _checked_out}, {@code _waiting},
 * {@code _max}, {@code _required}, {@code _waiting_duration_seconds}, {@code _checkout_timeouts} (a gauge of the
 * current client's count, reset by a pool change), {@code _draining_clients}, {@code _draining_calls}
 * and the timer {@code pixelcraft_store_pool_checkout_seconds} with tag {@code outcome}.
 */
final class PoolMeters {

    static final String PREFIX = "pixelcraft.store.pool";

    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();
    private final Map<String, Timer> checkoutTimers;

    PoolMeters(MeterRegistry registry, MongoStorageService storage) {
        this.registry = registry;
        gauge(storage, "size", "Open connections in the pool, idle and checked out", s -> s.pool().size());
        gauge(storage, "checked.out", "Connections in use by an operation", s -> s.pool().checkedOut());
        gauge(storage, "waiting", "Operations waiting for a free connection", s -> s.pool().waiting());
        gauge(storage, "max", "Configured maximum pool size", s -> s.pool().maxSize());
        gauge(storage, "required", "Smallest accepted maximum pool size: poolSizeFloor or expectedConcurrency",
                s -> s.settings().requiredPoolSize());
        gauge(storage, "waiting.duration.seconds", "How long operations have been waiting without a break",
                s -> s.pool().waitingMillis(System.nanoTime()) / 1000.0);
        gauge(storage, "checkout.timeouts", "Checkouts of the current client that found no free connection in time",
                s -> s.pool().checkoutTimeouts());
        gauge(storage, "draining.clients", "Replaced clients that wait for their calls to finish",
                MongoStorageService::drainingClients);
        gauge(storage, "draining.calls", "Calls still running on replaced clients",
                MongoStorageService::drainingCalls);
        this.checkoutTimers = Map.of(
                "success", timer("success"),
                "timeout", timer("timeout"),
                "failed", timer("failed"));
    }

    private void gauge(MongoStorageService storage, String name, String description,
            ToDoubleFunction<MongoStorageService> value) {
        meters.add(Gauge.builder(PREFIX + "." + name, storage, value).description(description).register(registry));
    }

    private Timer timer(String outcome) {
        Timer timer = Timer.builder(PREFIX + ".checkout")
                .description("Time to check out a pooled connection")
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(TimeUnit.MICROSECONDS.toNanos(10)))
                .maximumExpectedValue(Duration.ofSeconds(5))
                .register(registry);
        meters.add(timer);
        return timer;
    }

    MeterRegistry registry() {
        return registry;
    }

    void recordCheckout(long nanos, String outcome) {
        Timer timer = checkoutTimers.get(outcome);
        if (timer != null) {
            timer.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Removes the meters from the registry. */
    void remove() {
        meters.forEach(registry::remove);
    }
}
