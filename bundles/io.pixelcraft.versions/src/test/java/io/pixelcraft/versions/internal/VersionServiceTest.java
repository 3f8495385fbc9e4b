package io.pixelcraft.versions.internal;

import static io.pixelcraft.versions.internal.VersionTestSupport.PROJECT;
import static io.pixelcraft.versions.internal.VersionTestSupport.rect;
import static io.pixelcraft.versions.internal.VersionTestSupport.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pixelcraft.api.document.BatchResult;
import io.pixelcraft.api.document.Document;
import io.pixelcraft.api.document.DocumentSnapshot;
import io.pixelcraft.api.document.Node;
import io.pixelcraft.api.document.Op;
import io.pixelcraft.api.document.OpOutcome;
import io.pixelcraft.api.project.DocumentChange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class VersionServiceTest {

    private final VersionTestSupport t = new VersionTestSupport();

    @AfterEach
    void close() {
        t.close();
    }

    private Map<String, Node> nodes(DocumentSnapshot snapshot) {
        return snapshot.nodes().stream().collect(Collectors.toMap(Node::id, node -> node));
    }

    private double x(DocumentSnapshot snapshot, String id) {
        return ((Number) nodes(snapshot).get(id).props().get("x")).doubleValue();
    }

    @Test
    void restoreThenEditThenRestoreAgain() {
        t.apply(rect("a", "x", 10.0));
        VersionRecord one = t.name("one");
        t.apply(set("a", "x", 20.0), rect("b"));
        VersionRecord two = t.name("two");

        VersionService.Restored first = t.service.restore(PROJECT, one.number(), "bob", List.of());
        DocumentSnapshot afterFirst = t.documents.load(PROJECT);
        assertThat(first.savedBefore()).as("the current state is version two already").isNull();
        assertThat(x(afterFirst, "a")).isEqualTo(10.0);
        assertThat(nodes(afterFirst)).doesNotContainKey("b");
        assertThat(first.restored().kind()).isEqualTo(VersionRecord.RESTORE);
        assertThat(first.restored().restoredFrom()).isEqualTo(one.number());
        assertThat(first.restored().revision()).isEqualTo(afterFirst.revision());

        t.apply(set("a", "x", 30.0), rect("c"));
        VersionService.Restored second = t.service.restore(PROJECT, two.number(), "bob", List.of("carol"));
        DocumentSnapshot afterSecond = t.documents.load(PROJECT);
        assertThat(x(afterSecond, "a")).isEqualTo(20.0);
        assertThat(nodes(afterSecond)).containsKey("b").doesNotContainKey("c");

        assertThat(second.savedBefore()).as("edits after the first restore are saved").isNotNull();
        assertThat(second.savedBefore().authors()).containsExactly("carol");
        DocumentSnapshot saved = t.service.document(PROJECT, second.savedBefore().number());
        assertThat(x(saved, "a")).isEqualTo(30.0);
        assertThat(nodes(saved)).containsKey("c");

        BatchResult editRestoredNode = t.documents.apply(PROJECT, List.of(set("b", "x", 5.0)), "alice");
        assertThat(editRestoredNode.outcomes()).extracting(OpOutcome::status).containsExactly(OpOutcome.APPLIED);

        t.service.restore(PROJECT, one.number(), "bob", List.of());
        assertThat(x(t.documents.load(PROJECT), "a")).isEqualTo(10.0);
        List<Long> numbers = t.service.list(PROJECT, VersionStore.MAX_NUMBER + 1, 50).stream()
                .map(VersionRecord::number).toList();
        assertThat(numbers).containsExactly(7L, 6L, 5L, 4L, 3L, 2L, 1L);
    }

    @Test
    void restoreDuringConcurrentEditing() throws Exception {
        t.createRects(20);
        VersionRecord base = t.name("base");
        DocumentSnapshot baseDocument = t.service.document(PROJECT, base.number());
        int writers = 4;
        int editsPerWriter = 150;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        ConcurrentLinkedQueue<BatchResult> results = new ConcurrentLinkedQueue<>();
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            futures.add(pool.submit(() -> {
                Random random = new Random(writer);
                start.await();
                for (int i = 0; i < editsPerWriter; i++) {
                    Op op = set("r" + random.nextInt(20), "x", (double) (writer * 1000 + i));
                    results.add(t.documents.apply(PROJECT, List.of(op), "writer" + writer));
                }
                return null;
            }));
        }
        start.countDown();
        List<VersionService.Restored> restores = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Thread.sleep(5);
            restores.add(t.service.restore(PROJECT, base.number(), "bob", List.of()));
        }
        for (Future<?> future : futures) {
            future.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(results).hasSize(writers * editsPerWriter);
        assertThat(results).allSatisfy(result -> assertThat(result.applied()).isTrue());
        List<Long> revisions = t.documents.changes.stream().map(DocumentChange::revision).toList();
        for (int i = 1; i < revisions.size(); i++) {
            assertThat(revisions.get(i)).as("change %d follows change %d", i, i - 1).isEqualTo(revisions.get(i - 1) + 1);
        }
        for (VersionService.Restored restored : restores) {
            DocumentSnapshot restoredDocument = t.service.document(PROJECT, restored.restored().number());
            assertThat(restoredDocument.nodes()).isEqualTo(baseDocument.nodes());
        }

        // The live document is the last restore plus every batch ordered after it.
        int lastReplacement = 0;
        for (int i = 0; i < t.documents.changes.size(); i++) {
            if (t.documents.changes.get(i).replacement()) {
                lastReplacement = i;
            }
        }
        Document expected = t.engine.open(t.documents.changes.get(lastReplacement).snapshot());
        for (DocumentChange change : t.documents.changes.subList(lastReplacement + 1, t.documents.changes.size())) {
            expected.apply(change.ops());
        }
        assertThat(t.documents.load(PROJECT).nodes()).isEqualTo(expected.snapshot().nodes());
    }

    @Test
    void checkpointStoresOnlyChangedNodes() {
        t.createRects(5000);
        VersionRecord first = t.checkpoint();
        for (int i = 0; i < 10; i++) {
            t.apply(set("r" + (i * 37), "x", -1.0, "opacity", 0.5));
        }
        VersionRecord second = t.checkpoint();

        assertThat(second.base()).as("the second checkpoint shares the first one's base").isEqualTo(first.base());
        assertThat(second.deltaBytes()).isLessThan(4096);
        assertThat(t.service.document(PROJECT, second.number()).nodes()).isEqualTo(t.documents.load(PROJECT).nodes());
        assertThat(t.service.document(PROJECT, first.number()).nodes()).hasSize(5001);
        assertThat(x(t.service.document(PROJECT, first.number()), "r37")).isEqualTo(37.0);
    }

    @Test
    void largeChangeStoresNewBase() {
        t.createRects(100);
        VersionRecord first = t.checkpoint();
        for (int i = 0; i < 70; i++) {
            t.apply(set("r" + i, "x", 500.0));
        }
        VersionRecord second = t.checkpoint();

        assertThat(second.base()).isNotEqualTo(first.base());
        assertThat(t.store.head(PROJECT).orElseThrow().base()).isEqualTo(second.base());
        assertThat(x(t.service.document(PROJECT, first.number()), "r5")).isEqualTo(5.0);
        assertThat(x(t.service.document(PROJECT, second.number()), "r5")).isEqualTo(500.0);
    }

    @Test
    void renameAndDelete() {
        t.apply(rect("a"));
        VersionRecord named = t.name("draft");

        VersionRecord renamed = t.service.rename(PROJECT, named.number(), "final", "approved by the client");
        assertThat(renamed.label()).isEqualTo("final");
        assertThat(renamed.description()).isEqualTo("approved by the client");
        assertThat(t.service.rename(PROJECT, named.number(), null, "").description()).isNull();

        t.service.delete(PROJECT, named.number());
        assertThatThrownBy(() -> t.service.get(PROJECT, named.number())).isInstanceOf(VersionNotFoundException.class);
        assertThatThrownBy(() -> t.service.delete(PROJECT, named.number())).isInstanceOf(VersionNotFoundException.class);
    }

    @Test
    void thumbnailIsPngAndStoredOnce() {
        t.apply(rect("a", "fill", "#ff0000", "width", 400.0, "height", 300.0));
        VersionRecord version = t.name("red");

        byte[] png = t.service.thumbnail(PROJECT, version.number());
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        assertThat(t.service.get(PROJECT, version.number()).thumbnail()).isNotNull();
        assertThat(t.service.thumbnail(PROJECT, version.number())).isEqualTo(png);
    }

    @Test
    void retentionKeepsNamedAndRemovesUnusedBases() {
        t.settings = VersionTestSupport.settings(500, 10, 1, 1);
        t.createRects(10);
        VersionRecord named = t.name("keep me");
        List<VersionRecord> checkpoints = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            t.clock.advance(Duration.ofMinutes(10));
            // 70 new nodes exceed the rebase threshold of 64 while the base has fewer than 350 nodes.
            for (int n = 0; n < 70; n++) {
                t.apply(rect("n" + i + "-" + n));
            }
            checkpoints.add(t.checkpoint());
        }
        t.clock.advance(Duration.ofDays(3));

        RetentionResult result = t.service.applyRetention(PROJECT);

        List<Long> remaining = t.service.list(PROJECT, VersionStore.MAX_NUMBER + 1, 50).stream()
                .map(VersionRecord::number).toList();
        assertThat(remaining).contains(named.number()).contains(checkpoints.get(5).number());
        assertThat(result.removedVersions()).doesNotContain(named.number());
        assertThat(result.removedVersions()).as("all six checkpoints fell on one day; the newest stays")
                .containsExactlyElementsOf(checkpoints.subList(0, 5).stream().map(VersionRecord::number).toList());
        Set<ObjectId> keptBases = new HashSet<>();
        t.service.list(PROJECT, VersionStore.MAX_NUMBER + 1, 50).forEach(v -> keptBases.add(v.base()));
        Set<ObjectId> unusedBases = new HashSet<>();
        checkpoints.stream().filter(v -> result.removedVersions().contains(v.number()))
                .map(VersionRecord::base).filter(base -> !keptBases.contains(base)).forEach(unusedBases::add);
        assertThat(unusedBases).as("several checkpoints had their own base").hasSizeGreaterThan(2);
        assertThat(result.removedBases()).isEqualTo(unusedBases.size());
        for (ObjectId base : unusedBases) {
            assertThat(t.store.baseLength(base)).as("base %s is deleted", base).isZero();
        }
        for (ObjectId base : keptBases) {
            assertThat(t.store.baseLength(base)).as("base %s is kept", base).isPositive();
        }
        for (long number : remaining) {
            assertThat(t.service.document(PROJECT, number).nodes()).isNotEmpty();
        }
    }
}
