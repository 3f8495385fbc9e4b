package io.pixelcraft.collab.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the collaboration service, PID {@code io.pixelcraft.collab}. */
@ObjectClassDefinition(name = "PixelCraft collaboration",
        description = "Limits and timings of the real-time collaboration rooms at /ws/projects/{id}.")
public @interface CollabConfig {

    @AttributeDefinition(name = "Maximum message size",
            description = "Largest text message a client may send, in bytes; larger ones close the socket with 1009.")
    int maxMessageBytes() default 256 * 1024;

    @AttributeDefinition(name = "Op rate",
            description = "Ops per second that one connection may send on average; batches over it are rejected with rate-limited.")
    int maxOpsPerSecond() default 200;

    @AttributeDefinition(name = "Ping and presence rate",
            description = "Ping and presence messages per second that one connection may send on average, in bursts of "
                    + "twice as many; messages over it are dropped and answered with the error rate-limited at most "
                    + "once a second.")
    int maxPingPresencePerSecond() default CollabSettings.PING_PRESENCE_PER_SECOND;

    @AttributeDefinition(name = "Op burst",
            description = "Ops that one connection may send at once before the rate applies.")
    int opBurst() default 1000;

    @AttributeDefinition(name = "Outbound queue",
            description = "Messages waiting to be written to one connection; past it presence updates are dropped, "
                    + "then the connection is closed with 4413.")
    int maxOutboundMessages() default 1024;

    @AttributeDefinition(name = "Connections per room",
            description = "Maximum open connections to one project; more are closed with 4409.")
    int maxConnectionsPerRoom() default 100;

    @AttributeDefinition(name = "Flush interval",
            description = "Group commit: milliseconds that a room collects ops before one write to the op log.")
    int flushIntervalMillis() default 20;

    @AttributeDefinition(name = "Presence interval",
            description = "Milliseconds between coalesced presence broadcasts (cursors, selections, viewports).")
    int presenceIntervalMillis() default 50;

    @AttributeDefinition(name = "Snapshot every ops",
            description = "A room stores a document snapshot after this many sequence numbers.")
    int snapshotEveryOps() default 500;

    @AttributeDefinition(name = "Snapshot every seconds",
            description = "A room with unsnapshotted changes stores a snapshot after this many seconds.")
    int snapshotEverySeconds() default 60;

    @AttributeDefinition(name = "Catch-up window",
            description = "A client at most this many sequence numbers behind gets the missed batches; "
                    + "further behind it gets a fresh snapshot.")
    int catchUpMaxBatches() default 1000;

    @AttributeDefinition(name = "Idle timeout",
            description = "Seconds without any frame after which a connection is closed; clients send ping to stay open.")
    int idleTimeoutSeconds() default 60;

    @AttributeDefinition(name = "Join timeout",
            description = "Seconds a new connection has to send its join message.")
    int joinTimeoutSeconds() default 10;

    @AttributeDefinition(name = "Revalidation interval",
            description = "Seconds between checks of each open connection's credential and project role, each "
                    + "connection at its own offset within the interval. A connection whose session or token was "
                    + "revoked or expired is closed with 4401, one whose user left the project with 4404, even "
                    + "when it sends nothing.")
    int reauthorizeSeconds() default 10;

    @AttributeDefinition(name = "permessage-deflate",
            description = "Whether to accept the permessage-deflate extension. Off by default: on small JSON "
                    + "messages it costs far more CPU than it saves bandwidth.")
    boolean permessageDeflate() default false;

    @AttributeDefinition(name = "Allowed origins",
            description = "Origins (scheme://host[:port]) that browsers may connect from besides the server's own; "
                    + "connections from other origins are rejected because the session cookie would authenticate them.")
    String[] allowedOrigins() default {};

    @AttributeDefinition(name = "Node id",
            description = "Name of this node in the room leases of the shared database: 1 to 64 letters, digits, "
                    + "'.', '_' or '-', unique among running nodes. Empty: a random id generated at each start. "
                    + "Applies after a restart.")
    String nodeId() default "";

    @AttributeDefinition(name = "Advertised URL",
            description = "Base HTTP URL under which clients and load balancers reach this node, such as "
                    + "https://node-2.example.org; other nodes name it when they redirect a client here. "
                    + "At most 100 ASCII characters; empty: none. Applies after a restart.")
    String advertisedUrl() default "";

    @AttributeDefinition(name = "Lease time",
            description = "Seconds for which a room lease fences a project's room to this node without renewal. "
                    + "At least twice the renew interval. Applies after a restart.")
    int leaseSeconds() default 30;

    @AttributeDefinition(name = "Lease renew interval",
            description = "Seconds between renewals of this node's room leases. A room whose lease was not renewed "
                    + "for the lease time minus this interval closes its sockets with 4503. Applies after a restart.")
    int leaseRenewSeconds() default 10;
}
