package io.pixelcraft.versions.internal;

import static io.pixelcraft.versions.internal.VersionTestSupport.PROJECT;
import static io.pixelcraft.versions.internal.VersionTestSupport.set;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Filters;
import io.pixelcraft.api.document.FilterLookup;
import io.pixelcraft.api.document.ImageLookup;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Measures restore time and storage per checkpoint of a 5,000-node document. Runs only with
 * {@code -Dbenchmarks=true}; prints its figures and asserts nothing about time.
 */
@EnabledIfSystemProperty(named = "benchmarks", matches = "true")
class VersionBenchmark {

    private static final int NODES = 5000;
    private static final int RUNS = 10;

    private final VersionTestSupport t = new VersionTestSupport();

    @AfterEach
    void close() {
        t.close();
    }

    private int storedBytes(VersionRecord version) {
        RawBsonDocument raw = t.storage.database().getCollection(VersionStore.VERSIONS, RawBsonDocument.class)
                .find(Filters.eq("_id", VersionStore.versionId(PROJECT, version.number()))).first();
        return raw.getByteBuffer().remaining();
    }

    @Test
    void checkpointAndRestoreOf5000Nodes() {
        t.createRects(NODES - 1);
        VersionRecord first = t.checkpoint();
        long baseBytes = t.store.baseLength(first.base());
        for (int i = 0; i < 10; i++) {
            t.apply(set("r" + (i * 401), "x", -5.0, "opacity", 0.25));
        }
        long checkpointStarted = System.nanoTime();
        VersionRecord second = t.checkpoint();
        long checkpointMillis = (System.nanoTime() - checkpointStarted) / 1_000_000;
        assertThat(second.base()).isEqualTo(first.base());
        System.out.printf("versions: base snapshot of %d nodes: %d bytes (gzip JSON in GridFS)%n", NODES, baseBytes);
        System.out.printf("versions: checkpoint after 10 changed nodes: %d bytes of version document, of which %d bytes delta%n",
                storedBytes(second), second.deltaBytes());
        System.out.printf("versions: storing that checkpoint (load, compare with the cached base, insert) took %d ms%n",
                checkpointMillis);

        t.apply(set("r1", "x", 99.0));
        List<Long> coldMillis = new ArrayList<>();
        List<Long> warmMillis = new ArrayList<>();
        for (int run = 0; run < RUNS; run++) {
            // A fresh service has no cached base, so the base is read from GridFS and unzipped.
            VersionService cold = new VersionService(t.documents, t.engine, t.store, t.clock, () -> t.settings,
                    () -> ImageLookup.NONE, () -> FilterLookup.NONE);
            long started = System.nanoTime();
            cold.restore(PROJECT, second.number(), "bench", List.of());
            coldMillis.add((System.nanoTime() - started) / 1_000_000);

            t.apply(set("r2", "x", (double) run));
            started = System.nanoTime();
            cold.restore(PROJECT, first.number(), "bench", List.of());
            warmMillis.add((System.nanoTime() - started) / 1_000_000);
            t.apply(set("r3", "x", (double) run));
        }
        Collections.sort(coldMillis);
        Collections.sort(warmMillis);
        System.out.printf("versions: restore of a %d-node version, %d runs: cold base median %d ms (max %d), "
                + "cached base median %d ms (max %d)%n", NODES, RUNS, coldMillis.get(RUNS / 2), coldMillis.get(RUNS - 1),
                warmMillis.get(RUNS / 2), warmMillis.get(RUNS - 1));
    }
}
