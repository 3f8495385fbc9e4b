package io.pixelcraft.collab.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.pixelcraft.api.collab.RemoteRoom;
import io.pixelcraft.testing.TestStorage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The lease collection against a real wire-protocol server (mongo-java-server, memory backend). */
class RoomLeasesTest {

    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Duration RENEW = Duration.ofSeconds(10);

    private final TestStorage storage = new TestStorage();
    private final RoomLeases a = new RoomLeases(storage, new RoomLeases.Settings("node-a", "http://a.example", LEASE, RENEW));
    private final RoomLeases b = new RoomLeases(storage, new RoomLeases.Settings("node-b", "", LEASE, RENEW));

    @AfterEach
    void close() {
        a.close();
        b.close();
        storage.close();
    }

    private void expire(String projectId) {
        storage.database().getCollection(RoomLeases.COLLECTION)
                .updateOne(Filters.eq("_id", projectId), Updates.set("expiresAt", new Date(System.currentTimeMillis() - 1)));
    }

    @Test
    void heldLeaseRejectsOtherNode() {
        RoomLeases.Lease lease = a.acquire("p1");

        assertThatThrownBy(() -> b.acquire("p1"))
                .isInstanceOfSatisfying(RoomLeases.HeldElsewhereException.class,
                        e -> assertThat(e.holder()).isEqualTo(new RemoteRoom("node-a", "http://a.example")));
        assertThat(lease.generation).isEqualTo(1);
        assertThat(lease.valid()).isTrue();
        assertThat(b.remoteHolder("p1")).contains(new RemoteRoom("node-a", "http://a.example"));
        assertThat(a.remoteHolder("p1")).isEmpty();
        assertThat(b.acquire("p2").generation).isEqualTo(1);
    }

    @Test
    void releaseLetsOtherNodeAcquire() {
        RoomLeases.Lease first = a.acquire("p1");

        a.release(first);
        RoomLeases.Lease second = b.acquire("p1");

        assertThat(first.valid()).isFalse();
        assertThat(second.generation).isEqualTo(2);
        assertThat(a.remoteHolder("p1")).contains(new RemoteRoom("node-b", ""));
        assertThat(a.heldCount()).isZero();
    }

    @Test
    void staleReleaseKeepsNewerLease() {
        RoomLeases.Lease first = a.acquire("p1");
        RoomLeases.Lease second = a.acquire("p1");

        a.release(first);

        assertThat(second.generation).isEqualTo(2);
        assertThatThrownBy(() -> b.acquire("p1")).isInstanceOf(RoomLeases.HeldElsewhereException.class);
    }

    @Test
    void expiredLeaseTakenOver() {
        List<RoomLeases.Lease> lost = new ArrayList<>();
        a.start(lost::add);
        RoomLeases.Lease old = a.acquire("p1");
        RoomLeases.Lease other = a.acquire("p2");
        expire("p1");

        RoomLeases.Lease takenOver = b.acquire("p1");
        a.renewAll();

        assertThat(takenOver.generation).isEqualTo(2);
        assertThat(lost).containsExactly(old);
        assertThat(old.valid()).isFalse();
        assertThat(other.valid()).isTrue();
        assertThat(a.heldCount()).isEqualTo(1);
    }

    @Test
    void renewalExtendsExpiry() {
        a.acquire("p1");
        expire("p1");

        a.renewAll();

        assertThatThrownBy(() -> b.acquire("p1")).isInstanceOf(RoomLeases.HeldElsewhereException.class);
    }

    @Test
    void settingsRejectShortLease() {
        assertThatThrownBy(() -> new RoomLeases.Settings("n", "", Duration.ofSeconds(15), Duration.ofSeconds(10)))
                .hasMessageContaining("leaseSeconds=15").hasMessageContaining("twice");
    }

    @Test
    void settingsRejectInvalidUrls() {
        for (String url : List.of("node-a:8080", "ftp://node-a.example", "https://" + "n".repeat(100) + ".example",
                "https://nœud.example")) {
            assertThatThrownBy(() -> new RoomLeases.Settings("n", url, LEASE, RENEW))
                    .as(url).hasMessageContaining("advertisedUrl");
        }
    }

    @Test
    void settingsRejectInvalidNodeId() {
        assertThatThrownBy(() -> new RoomLeases.Settings("node a", "", LEASE, RENEW)).hasMessageContaining("nodeId");
    }
}
