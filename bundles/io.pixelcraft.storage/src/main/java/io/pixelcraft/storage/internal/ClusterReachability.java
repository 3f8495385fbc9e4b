package io.pixelcraft.storage.internal;

import com.mongodb.connection.ServerDescription;
import com.mongodb.event.ClusterDescriptionChangedEvent;
import com.mongodb.event.ClusterListener;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracks whether the driver's server monitors reach any server, so that the storage service can
 * fail fast instead of letting each request wait for the server selection timeout.
 *
 * <p>The driver's monitor checks every server in the background (every 10 s by default, faster
 * while an operation waits), so a recovered server counts as reachable again within that time.
 */
final class ClusterReachability implements ClusterListener {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterReachability.class);

    private final String address;

    /** Reason that no server is reachable, or null while at least one is reachable or not yet checked. */
    private volatile String failure;

    ClusterReachability(String address) {
        this.address = address;
    }

    @Override
    public void clusterDescriptionChanged(ClusterDescriptionChangedEvent event) {
        List<ServerDescription> servers = event.getNewDescription().getServerDescriptions();
        if (servers.isEmpty()) {
            // A closing client and a DNS SRV lookup in progress both report no servers; neither changes reachability.
            return;
        }
        boolean allFailed = servers.stream().allMatch(server -> server.getException() != null);
        String newFailure = allFailed ? describeFailure(servers.get(0)) : null;

        String oldFailure = failure;
        failure = newFailure;
        if (oldFailure == null && newFailure != null) {
            LOG.warn("Store at {} is unreachable: {}", address, newFailure);
        } else if (oldFailure != null && newFailure == null) {
            LOG.info("Store at {} is reachable again", address);
        }
    }

    /** Returns why no server is reachable, or null when the store is reachable or not yet checked. */
    String failure() {
        return failure;
    }

    private static String describeFailure(ServerDescription server) {
        Throwable exception = server.getException();
        Throwable cause = exception.getCause();
        return cause == null ? exception.getMessage() : exception.getMessage() + " (" + cause.getMessage() + ")";
    }
}
