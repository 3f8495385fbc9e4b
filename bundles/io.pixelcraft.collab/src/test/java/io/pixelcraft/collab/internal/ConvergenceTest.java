package io.pixelcraft.collab.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixelcraft.api.document.BatchResult;
import io.pixelcraft.api.document.Document;
import io.pixelcraft.api.document.DocumentEngine;
import io.pixelcraft.api.document.DocumentSnapshot;
import io.pixelcraft.api.document.EngineLimits;
import io.pixelcraft.engine.internal.Engine;
import io.pixelcraft.api.web.ProjectRole;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Randomized convergence: many simulated clients on real WebSocket connections send random
 * concurrent ops. The ops are creates, sets, reorders, reparents that may form cycles, deletes,
 * and edits of nodes that another client deleted. Clients pause for random times, op log writes
 * take random times, and clients disconnect and reconnect with pending batches. At the end every client's document equals
 * the server's, which equals a replay of the op log, and every acknowledged batch is in the log.
 *
 * <p>Each run prints its seed; set {@code -Dcollab.seed=<seed>} to replay one.
 */
class ConvergenceTest {

    private static final int CLIENTS_PER_ROOM = 6;
    private static final String[] ROOMS = {"p1", "p2"};
    private static final long RUN_MILLIS = 3_000;

    @Test
    void clientsConvergeOnTestEngine() throws Exception {
        runSeeds(TreeDocumentEngine::new);
    }

    @Test
    void clientsConvergeOnRealEngine() throws Exception {
        runSeeds(() -> new Engine(EngineLimits.DEFAULTS));
    }

    private void runSeeds(Supplier<DocumentEngine> engines) throws Exception {
        String fixed = System.getProperty("collab.seed");
        List<Long> seeds = new ArrayList<>();
        if (fixed != null && !fixed.isBlank()) {
            seeds.add(Long.parseLong(fixed));
        } else {
            Random seedSource = new Random();
            for (int i = 0; i < 3; i++) {
                seeds.add(seedSource.nextLong());
            }
        }
        for (long seed : seeds) {
            runOnce(seed, engines);
        }
    }

    private void runOnce(long seed, Supplier<DocumentEngine> engines) throws Exception {
        DocumentEngine engine = engines.get();
        System.out.println("ConvergenceTest seed=" + seed + " engine=" + engine.getClass().getSimpleName()
                + " (replay with -Dcollab.seed=" + seed + ")");
        Random random = new Random(seed);
        CollabSettings settings = new CollabSettings(256 * 1024, 100_000, 100_000, 100_000, 100, 5, 20, 50, 60,
                30, 60, 10, false, List.of());
        InMemoryOpLog opLog = new InMemoryOpLog(seed, 15);
        Map<String, Map<Long, String>> acked = new ConcurrentHashMap<>();
        Map<String, List<SimClient>> clients = new ConcurrentHashMap<>();

        try (TestServer server = new TestServer(settings, opLog, engine)) {
            for (String room : ROOMS) {
                acked.put(room, new ConcurrentHashMap<>());
                List<SimClient> list = new ArrayList<>();
                for (int i = 0; i < CLIENTS_PER_ROOM; i++) {
                    String user = room + "u" + i;
                    server.grant(room, user, ProjectRole.EDITOR);
                    SimClient client = new SimClient(user, server.uri(room), engine, random.nextLong(), acked.get(room));
                    client.connect(true);
                    list.add(client);
                }
                clients.put(room, list);
            }

            drive(clients, random.nextLong());
            settle(server, clients, seed);

            for (String room : ROOMS) {
                check(server, opLog, engine, room, clients.get(room), acked.get(room), seed);
            }
        }
    }

    /** Runs every client on its own thread: random edits with random pauses, disconnects and reconnects. */
    private void drive(Map<String, List<SimClient>> clients, long seed) throws Exception {
        List<SimClient> all = clients.values().stream().flatMap(List::stream).toList();
        ExecutorService threads = Executors.newFixedThreadPool(all.size());
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RUN_MILLIS);
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            SimClient client = all.get(i);
            Random random = new Random(seed + i);
            futures.add(threads.submit(() -> {
                while (System.nanoTime() < deadline) {
                    int roll = random.nextInt(100);
                    if (roll < 3 && client.connected()) {
                        client.disconnect();
                        Thread.sleep(random.nextInt(100));
                        client.connect(random.nextInt(4) == 0);
                    } else {
                        client.sendRandomBatch();
                    }
                    Thread.sleep(random.nextInt(20));
                }
                return null;
            }));
        }
        for (Future<?> future : futures) {
            future.get(RUN_MILLIS + 30_000, TimeUnit.MILLISECONDS);
        }
        threads.shutdown();
    }

    /** Waits until every client has no pending batch and has seen the room's last sequence number. */
    private void settle(TestServer server, Map<String, List<SimClient>> clients, long seed) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            boolean settled = true;
            for (Map.Entry<String, List<SimClient>> entry : clients.entrySet()) {
                Room room = server.manager.roomOf(entry.getKey());
                long seq = room.appliedSeq();
                for (SimClient client : entry.getValue()) {
                    if (!client.settled(seq)) {
                        settled = false;
                        client.resendRetries();
                    }
                }
            }
            if (settled) {
                return;
            }
            Thread.sleep(100);
        }
        StringBuilder state = new StringBuilder();
        clients.values().forEach(list -> list.forEach(c -> state.append('\n').append(c.state())));
        throw new AssertionError("Clients did not settle within 30 s (seed " + seed + "):" + state);
    }

    private void check(TestServer server, InMemoryOpLog opLog, DocumentEngine engine, String roomId, List<SimClient> clients,
            Map<Long, String> acked, long seed) {
        Room room = server.manager.roomOf(roomId);
        assertThat(room.flushNow(5_000)).as("op log flushed, seed %d", seed).isTrue();
        DocumentSnapshot serverState = room.snapshot();
        List<LoggedBatch> log = opLog.all(roomId);

        for (SimClient client : clients) {
            assertThat(client.failures).as("protocol failures of %s, seed %d", client.userId, seed).isEmpty();
            DocumentSnapshot clientState = client.confirmedSnapshot();
            assertThat(clientState.nodes()).as("nodes of %s, seed %d", client.userId, seed)
                    .isEqualTo(serverState.nodes());
            assertThat(clientState.deleted()).as("deleted ids of %s, seed %d", client.userId, seed)
                    .isEqualTo(serverState.deleted());
        }

        Document replay = engine.create(1920, 1080);
        for (int i = 0; i < log.size(); i++) {
            LoggedBatch batch = log.get(i);
            assertThat(batch.seq()).as("op log order, seed %d", seed).isEqualTo(i + 1);
            BatchResult result = replay.apply(batch.ops());
            assertThat(result.applied()).as("replay of seq %d, seed %d", batch.seq(), seed).isTrue();
        }
        assertThat(replay.snapshot().nodes()).as("replayed op log, seed %d", seed).isEqualTo(serverState.nodes());
        assertThat(log).as("op log length, seed %d", seed).hasSize((int) room.appliedSeq());

        for (Map.Entry<Long, String> ack : acked.entrySet()) {
            LoggedBatch stored = log.get((int) (ack.getKey() - 1));
            assertThat(stored.batch()).as("acked seq %d, seed %d", ack.getKey(), seed).isEqualTo(ack.getValue());
        }
        int reconnects = clients.stream().mapToInt(c -> c.reconnects).sum();
        int rejected = clients.stream().mapToInt(c -> c.rejectedBatches).sum();
        System.out.printf("Room %s: %d batches, %d live nodes, %d deleted, %d acks checked, %d reconnects,"
                + " %d rejected batches, %d op log writes in total%n", roomId, log.size(), serverState.nodes().size(),
                serverState.deleted().size(), acked.size(), reconnects, rejected, opLog.appendCalls.get());
        assertThat(acked).as("acks seen, seed %d", seed).isNotEmpty();
    }
}
