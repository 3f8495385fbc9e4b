package io.pixelcraft.versions.internal;

import io.pixelcraft.api.document.EngineLimits;
import io.pixelcraft.api.document.FilterLookup;
import io.pixelcraft.api.document.ImageLookup;
import io.pixelcraft.api.document.NodeType;
import io.pixelcraft.api.document.Op;
import io.pixelcraft.engine.internal.Engine;
import io.pixelcraft.testing.MutableClock;
import io.pixelcraft.testing.TestStorage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** A version service on the real engine, an in-memory project and a real MongoDB wire server. */
class VersionTestSupport implements AutoCloseable {

    static final String PROJECT = "p1";
    private static final AtomicInteger OP_IDS = new AtomicInteger();

    final TestStorage storage = new TestStorage();
    final Engine engine = new Engine(EngineLimits.DEFAULTS);
    final InMemoryProjectDocuments documents = new InMemoryProjectDocuments(engine);
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-10T12:00:00Z"));
    final VersionStore store = new VersionStore(storage);
    volatile VersionSettings settings = settings(500, 10, 24, 7);
    final VersionService service = new VersionService(documents, engine, store, clock, () -> settings,
            () -> ImageLookup.NONE, () -> FilterLookup.NONE);

    VersionTestSupport() {
        documents.create(PROJECT, 800, 600);
    }

    static VersionSettings settings(int everyOps, int everyMinutes, int keepAllHours, int hourlyDays) {
        return new VersionSettings(everyOps, Duration.ofMinutes(everyMinutes),
                new RetentionPolicy(Duration.ofHours(keepAllHours), Duration.ofDays(hourlyDays)),
                Duration.ofMinutes(60), 64, 20);
    }

    static String opId() {
        return "test:" + OP_IDS.incrementAndGet();
    }

    static Map<String, Object> props(Object... namesAndValues) {
        Map<String, Object> props = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            props.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return props;
    }

    static Op rect(String id, Object... props) {
        return Op.create(opId(), id, NodeType.RECT, "root", props(props));
    }

    static Op set(String id, Object... props) {
        return Op.set(opId(), id, props(props));
    }

    void apply(Op... ops) {
        var result = documents.apply(PROJECT, List.of(ops), "alice");
        if (!result.applied()) {
            throw new AssertionError("Batch rejected: " + result.violations());
        }
    }

    /** Creates {@code count} rectangles r0, r1, ... in batches of 500. */
    void createRects(int count) {
        List<Op> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            batch.add(rect("r" + i, "x", (double) i, "name", "Rect " + i));
            if (batch.size() == 500) {
                documents.apply(PROJECT, batch, "alice");
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) {
            documents.apply(PROJECT, batch, "alice");
        }
    }

    VersionRecord name(String label) {
        return service.create(PROJECT, new VersionService.NewVersion(VersionRecord.NAMED, label, null, "alice",
                List.of("alice"), null));
    }

    VersionRecord checkpoint() {
        return service.create(PROJECT, new VersionService.NewVersion(VersionRecord.CHECKPOINT, "Checkpoint", null,
                null, List.of("alice"), null));
    }

    @Override
    public void close() {
        storage.close();
    }
}
