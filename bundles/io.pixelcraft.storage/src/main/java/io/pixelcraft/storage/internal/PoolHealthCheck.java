package io.pixelcraft.storage.internal;

import io.pixelcraft.api.health.HealthCheck;
import io.pixelcraft.api.health.HealthResult;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Readiness check {@code store-pool}: DOWN while operations have been waiting for a pooled
 * connection without a break for longer than {@code poolWaitReadinessThresholdMs}, which happens
 * only while the pool is exhausted. A load balancer then sends traffic to other nodes.
 *
 * <p>NOTE: a single moment without waiters restarts the stretch, so under heavy load that the pool
 * mostly keeps up with, readiness alternates between UP and DOWN (in the incident replay it was
 * DOWN at about half of the polls). Load balancers should remove a node only after several failed polls.
 */
@Component(service = HealthCheck.class, property = HealthCheck.READINESS + ":Boolean=true")
public final class PoolHealthCheck implements HealthCheck {

    static final String NAME = "store-pool";

    private static final Logger LOG = LoggerFactory.getLogger(PoolHealthCheck.class);

    private final MongoStorageService storage;

    /** Result of the previous check, so that only changes are logged. */
    private volatile Boolean lastUp;

    @Activate
    public PoolHealthCheck(@Reference MongoStorageService storage) {
        this.storage = storage;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public HealthResult check() {
        PoolStatistics pool = storage.pool();
        long thresholdMs = storage.settings().poolWaitReadinessThresholdMs();
        long waitingMs = pool.waitingMillis(System.nanoTime());
        String use = pool.checkedOut() + " of " + pool.maxSize() + " connections in use, " + pool.waiting()
                + " operations waiting";

        HealthResult result = waitingMs > thresholdMs
                ? HealthResult.down(use + " for " + waitingMs + " ms, longer than the threshold of " + thresholdMs
                        + " ms; the pool is exhausted")
                : HealthResult.up(use);
        logChange(result);
        return result;
    }

    private void logChange(HealthResult result) {
        Boolean previous = lastUp;
        lastUp = result.up();
        if (previous != null && previous == result.up()) {
            return;
        }
        if (result.up()) {
            LOG.info("Health check {} is UP: {}", NAME, result.detail());
        } else {
            LOG.warn("Health check {} is DOWN: {}", NAME, result.detail());
        }
    }
}
