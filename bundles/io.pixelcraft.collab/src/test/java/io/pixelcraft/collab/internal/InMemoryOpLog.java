package io.pixelcraft.collab.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** An {@link OpLog} in memory, with an optional random delay per write to mimic a slow store. */
final class InMemoryOpLog implements OpLog {

    private final Map<String, List<LoggedBatch>> batches = new ConcurrentHashMap<>();
    private final Map<String, StoredSnapshot> snapshots = new ConcurrentHashMap<>();
    private final Random random;
    private final int maxDelayMillis;
    final AtomicInteger appendCalls = new AtomicInteger();

    InMemoryOpLog() {
        this(0, 0);
    }

    InMemoryOpLog(long seed, int maxDelayMillis) {
        this.random = new Random(seed);
        this.maxDelayMillis = maxDelayMillis;
    }

    @Override
    public Stored load(String projectId) {
        Optional<StoredSnapshot> snapshot = Optional.ofNullable(snapshots.get(projectId));
        long after = snapshot.map(StoredSnapshot::seq).orElse(0L);
        return new Stored(snapshot, since(projectId, after, Integer.MAX_VALUE));
    }

    @Override
    public List<LoggedBatch> since(String projectId, long afterSeq, int max) {
        List<LoggedBatch> result = new ArrayList<>();
        for (LoggedBatch batch : all(projectId)) {
            if (batch.seq() > afterSeq && result.size() < max) {
                result.add(batch);
            }
        }
        return result;
    }

    @Override
    public List<LoggedBatch> range(String projectId, long fromSeq, long toSeq) {
        List<LoggedBatch> result = new ArrayList<>();
        for (LoggedBatch batch : all(projectId)) {
            if (batch.seq() >= fromSeq && batch.seq() <= toSeq) {
                result.add(batch);
            }
        }
        return result;
    }

    @Override
    public void append(String projectId, List<LoggedBatch> list) {
        appendCalls.incrementAndGet();
        if (maxDelayMillis > 0) {
            int delay;
            synchronized (random) {
                delay = random.nextInt(maxDelayMillis + 1);
            }
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<LoggedBatch> stored = batches.computeIfAbsent(projectId, id -> new ArrayList<>());
        synchronized (stored) {
            // A replacement of the document takes a sequence number without a batch, so the next
            // batch may skip one. A batch at or below the last stored one would fork the log.
            long expected = stored.isEmpty() ? list.get(0).seq() : stored.get(stored.size() - 1).seq() + 1;
            if (list.get(0).seq() < expected) {
                throw new IllegalStateException("Op log of " + projectId + " already contains seq " + list.get(0).seq()
                        + ": expected seq " + expected + " or above");
            }
            stored.addAll(list);
        }
    }

    @Override
    public void saveSnapshot(String projectId, StoredSnapshot snapshot) {
        snapshots.put(projectId, snapshot);
    }

    List<LoggedBatch> all(String projectId) {
        List<LoggedBatch> stored = batches.getOrDefault(projectId, List.of());
        synchronized (stored) {
            return new ArrayList<>(stored);
        }
    }
}
