package io.pixelcraft.storage.internal;

import com.mongodb.MongoException;
import com.mongodb.MongoTimeoutException;
import io.pixelcraft.api.health.HealthCheck;
import io.pixelcraft.api.health.HealthResult;
import io.pixelcraft.api.storage.StorageInfo;
import io.pixelcraft.api.storage.StorageService;
import io.pixelcraft.api.storage.StorageUnavailableException;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Health check {@code store}: sends {@code ping} to the store with a short timeout. */
@Component(service = HealthCheck.class, property = HealthCheck.READINESS + ":Boolean=true")
public final class StoreHealthCheck implements HealthCheck {

    static final String NAME = "store";

    /** Time limit of one check, server selection included, because health checks must return well under a second. */
    static final long PING_TIMEOUT_MS = 800;

    private static final Logger LOG = LoggerFactory.getLogger(StoreHealthCheck.class);
    private static final Document PING = new Document("ping", 1);

    private final StorageService storage;

    /** Result of the previous check, so that only changes are logged. */
    private volatile Boolean lastUp;

    @Activate
    public StoreHealthCheck(@Reference StorageService storage) {
        this.storage = storage;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public HealthResult check() {
        StorageInfo info = storage.info();
        String where = info.mode() + " store at " + info.address() + ", database " + info.databaseName();

        HealthResult result;
        long start = System.nanoTime();
        try {
            // withTimeout bounds server selection, connection checkout and the command together.
            storage.database().withTimeout(PING_TIMEOUT_MS, TimeUnit.MILLISECONDS).runCommand(PING);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            result = HealthResult.up(where + ", ping " + millis + " ms");
        } catch (StorageUnavailableException e) {
            String reason = e.getCause() instanceof MongoTimeoutException
                    ? "ping timed out after " + PING_TIMEOUT_MS + " ms"
                    : e.getMessage();
            result = HealthResult.down(where + ": " + reason);
        } catch (MongoTimeoutException e) {
            result = HealthResult.down(where + ": ping timed out after " + PING_TIMEOUT_MS + " ms");
        } catch (MongoException e) {
            result = HealthResult.down(where + ": ping failed: " + e.getMessage());
        }

        logChange(result);
        return result;
    }

    private void logChange(HealthResult result) {
        Boolean previous = lastUp;
        lastUp = result.up();
        if (previous == null || previous != result.up()) {
            if (result.up()) {
                LOG.info("Health check {} is UP: {}", NAME, result.detail());
            } else {
                LOG.warn("Health check {} is DOWN: {}", NAME, result.detail());
            }
        }
    }
}
