package io.pixelcraft.collab.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Meters of the collaboration rooms, recorded into the {@link MeterRegistry} service while one is
 * registered and dropped while none is. Prometheus names:
 * <ul>
 * <li>{@code pixelcraft_collab_ops_total}: ops stored in the op log, from WebSocket members and
 * REST batches of open rooms; its rate is ops per second.</li>
 * <li>{@code pixelcraft_collab_fanout_seconds} (histogram): time from the op log write that
 * stored a batch returning to the batch's message being queued to every other member.</li>
 * <li>{@code pixelcraft_collab_closes_total{code}}: closed WebSocket connections by close code,
 * including upgrades rejected with a code (4401, 4403, 4404). Code 1006 means that the connection
 * dropped without a close handshake.</li>
 * <li>{@code pixelcraft_collab_client_errors_total{kind}}: errors that clients caused, by kind:
 * {@code message-too-large}, {@code protocol} (a malformed frame or invalid UTF-8),
 * {@code idle-timeout}, and {@code rate-limited} (a dropped ping or presence message).</li>
 * </ul>
 * The connection and room gauges live in the metrics bundle.
 */
final class CollabMetrics {

    static final String OPS = "pixelcraft.collab.ops";
    static final String FANOUT = "pixelcraft.collab.fanout";
    static final String CLOSES = "pixelcraft.collab.closes";
    static final String CLIENT_ERRORS = "pixelcraft.collab.client.errors";

    /** Values of the {@code kind} tag of {@link #CLIENT_ERRORS}. */
    static final String MESSAGE_TOO_LARGE = "message-too-large";
    static final String PROTOCOL_ERROR = "protocol";
    static final String IDLE_TIMEOUT = "idle-timeout";
    static final String RATE_LIMITED = "rate-limited";
    private static final List<String> CLIENT_ERROR_KINDS = List.of(MESSAGE_TOO_LARGE, PROTOCOL_ERROR, IDLE_TIMEOUT,
            RATE_LIMITED);

    /** Close codes that get their own series: the RFC 6455 codes that occur in practice, and ours. */
    static final Set<Integer> KNOWN_CLOSE_CODES = Set.of(1000, 1001, 1002, 1003, 1006, 1007, 1008, 1009, 1011,
            CloseCodes.RESTARTING, CloseCodes.PROTOCOL, CloseCodes.UNAUTHENTICATED, CloseCodes.FORBIDDEN_ORIGIN,
            CloseCodes.PROJECT_NOT_FOUND, CloseCodes.ROOM_FULL, CloseCodes.SLOW_CONSUMER, CloseCodes.MISDIRECTED,
            CloseCodes.UNAVAILABLE);
    private static final int OTHER_CODE = -1;

    /** A holder that is never bound, for rooms built without a manager in tests. */
    static final CollabMetrics NONE = new CollabMetrics();

    /** The meters of one registry. */
    private record Meters(MeterRegistry registry, Counter ops, Timer fanOut, Map<Integer, Counter> closes,
            Map<String, Counter> clientErrors) {
    }

    private volatile Meters meters;

    /** Registers the meters in a new registry, replacing those of an earlier one. */
    synchronized void bind(MeterRegistry registry) {
        Meters previous = meters;
        Counter ops = Counter.builder(OPS)
                .description("Ops stored by the collaboration rooms of this node")
                .register(registry);
        Timer fanOut = Timer.builder(FANOUT)
                .description("Time from storing a batch to queueing it to every other member of the room")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(10_000))
                .maximumExpectedValue(Duration.ofSeconds(5))
                .register(registry);
        Map<Integer, Counter> closes = new ConcurrentHashMap<>();
        // Registered at zero, because Prometheus' increase() misses the first jump of a series
        // that appears in the middle of a disconnect storm.
        for (int code : KNOWN_CLOSE_CODES) {
            closes.put(code, closeCounter(registry, code));
        }
        Map<String, Counter> clientErrors = new ConcurrentHashMap<>();
        for (String kind : CLIENT_ERROR_KINDS) {
            clientErrors.put(kind, Counter.builder(CLIENT_ERRORS)
                    .description("Errors caused by collaboration clients, by kind")
                    .tag("kind", kind)
                    .register(registry));
        }
        meters = new Meters(registry, ops, fanOut, closes, clientErrors);
        if (previous != null) {
            remove(previous);
        }
    }

    /** Removes the meters from their registry when it goes away. Other registries going away change nothing. */
    synchronized void unbind(MeterRegistry registry) {
        Meters current = meters;
        if (current != null && current.registry() == registry) {
            meters = null;
            remove(current);
        }
    }

    private static void remove(Meters old) {
        List<Meter> all = new ArrayList<>(old.closes().values());
        all.addAll(old.clientErrors().values());
        all.add(old.ops());
        all.add(old.fanOut());
        all.forEach(old.registry()::remove);
    }

    void opsStored(int count) {
        Meters current = meters;
        if (current != null) {
            current.ops().increment(count);
        }
    }

    void fanOut(long nanos) {
        Meters current = meters;
        if (current != null) {
            current.fanOut().record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Counts a closed connection. Codes outside {@link #KNOWN_CLOSE_CODES} are counted as
     * {@code other}, because a client may close with any code from 3000 to 4999 and each code
     * would be a new series.
     */
    void closed(int code) {
        Meters current = meters;
        if (current == null) {
            return;
        }
        int key = KNOWN_CLOSE_CODES.contains(code) ? code : OTHER_CODE;
        current.closes().computeIfAbsent(key, k -> closeCounter(current.registry(), k)).increment();
    }

    /** Counts an error that a client caused. {@code kind} is one of the kind constants of this class. */
    void clientError(String kind) {
        Meters current = meters;
        if (current != null) {
            Counter counter = current.clientErrors().get(kind);
            if (counter != null) {
                counter.increment();
            }
        }
    }

    private static Counter closeCounter(MeterRegistry registry, int code) {
        return Counter.builder(CLOSES)
                .description("Closed collaboration WebSocket connections by close code")
                .tag("code", code == OTHER_CODE ? "other" : Integer.toString(code))
                .register(registry);
    }
}
