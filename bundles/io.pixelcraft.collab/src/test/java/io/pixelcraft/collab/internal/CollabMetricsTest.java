package io.pixelcraft.collab.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pixelcraft.api.web.ProjectRole;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ops counter, fan-out timer and close counter over real WebSocket connections, in Prometheus form. */
class CollabMetricsTest {

    private TestServer server;
    private PrometheusMeterRegistry registry;
    private final OpenClients clients = new OpenClients();

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(CollabSettings.DEFAULTS, new InMemoryOpLog());
        server.grant("p1", "alice", ProjectRole.EDITOR);
        server.grant("p1", "bob", ProjectRole.EDITOR);
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        server.manager.bindMeterRegistry(registry);
    }

    @AfterEach
    void stop() throws Exception {
        clients.close();
        server.close();
    }

    private TestClient joined(String user) throws InterruptedException {
        return clients.joined(server.uri("p1"), user);
    }

    private double closes(String code) {
        Counter counter = registry.find(CollabMetrics.CLOSES).tag("code", code).counter();
        return counter == null ? 0 : counter.count();
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    @Test
    void storedOpsAndFanOutAreMeasured() throws Exception {
        TestClient alice = joined("alice");
        TestClient bob = joined("bob");

        alice.send("{\"type\":\"ops\",\"batch\":\"a1\",\"ops\":["
                + "{\"kind\":\"set\",\"opId\":\"ao1\",\"node\":\"root\",\"props\":{\"width\":640}},"
                + "{\"kind\":\"set\",\"opId\":\"ao2\",\"node\":\"root\",\"props\":{\"height\":480}}]}");
        alice.next("ack");
        bob.next("ops");
        Timer fanOut = registry.find(CollabMetrics.FANOUT).timer();
        // The room records the latency after queueing, so bob may read the batch before that.
        awaitTrue(() -> fanOut.count() > 0);

        assertThat(registry.find(CollabMetrics.OPS).counter().count()).isEqualTo(2.0);
        assertThat(fanOut.count()).isEqualTo(1);
        assertThat(fanOut.max(TimeUnit.SECONDS)).isLessThan(1.0);
    }

    @Test
    void closesAreCountedByCode() throws Exception {
        TestClient alice = joined("alice");
        TestClient anonymous = TestClient.connect(server.uri("p1"), null);
        clients.add(anonymous);
        anonymous.awaitClose();

        server.memberships.get("p1").remove("alice");
        server.manager.revalidateEvery(100, TimeUnit.MILLISECONDS);
        alice.awaitClose();
        TestClient bob = joined("bob");
        bob.abort();
        // The server counts a close when its close handshake ends, which can be after the client's.
        awaitTrue(() -> closes("1006") > 0 && closes("4404") > 0);

        assertThat(closes("4401")).as("rejected upgrade without credential").isEqualTo(1.0);
        assertThat(closes("1000")).isZero();
        assertThat(closes("4404")).as("removed member").isEqualTo(1.0);
        assertThat(closes("1006")).as("dropped without a close handshake").isEqualTo(1.0);
    }

    @Test
    void unknownCloseCodeCountsAsOther() {
        server.manager.metrics().closed(4999);
        server.manager.metrics().closed(4998);

        assertThat(closes("other")).isEqualTo(2.0);
        assertThat(registry.find(CollabMetrics.CLOSES).counters()).hasSize(CollabMetrics.KNOWN_CLOSE_CODES.size() + 1);
        assertThat(registry.find(CollabMetrics.CLOSES).tag("code", "1006").counter().count())
                .as("known codes are registered at zero").isZero();
    }

    @Test
    void prometheusNamesMatchAlertRules() throws Exception {
        TestClient alice = joined("alice");
        alice.send("{\"type\":\"ops\",\"batch\":\"a1\",\"ops\":[{\"kind\":\"set\",\"opId\":\"ao1\",\"node\":\"root\","
                + "\"props\":{\"width\":640}}]}");
        alice.next("ack");
        server.manager.metrics().closed(CloseCodes.UNAUTHENTICATED);

        String scrape = registry.scrape();

        assertThat(scrape).contains("pixelcraft_collab_ops_total 1.0");
        assertThat(scrape).contains("pixelcraft_collab_fanout_seconds_bucket{");
        assertThat(scrape).contains("pixelcraft_collab_closes_total{code=\"4401\"} 1.0");
    }

    @Test
    void unbindRemovesMeters() {
        server.manager.metrics().closed(1000);

        server.manager.unbindMeterRegistry(registry);
        server.manager.metrics().closed(1000);

        assertThat(registry.find(CollabMetrics.OPS).counter()).isNull();
        assertThat(registry.find(CollabMetrics.CLOSES).counters()).isEmpty();
    }
}
