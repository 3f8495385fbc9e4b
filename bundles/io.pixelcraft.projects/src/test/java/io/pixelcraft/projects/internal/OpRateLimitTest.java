package io.pixelcraft.projects.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pixelcraft.api.document.EngineLimits;
import io.pixelcraft.api.document.FilterLookup;
import io.pixelcraft.api.document.ImageLookup;
import io.pixelcraft.api.web.ApiException;
import io.pixelcraft.engine.internal.Engine;
import io.pixelcraft.testing.MutableClock;
import io.pixelcraft.testing.TestDispatcher;
import io.pixelcraft.testing.TestStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The REST op rate per user and project: the token bucket alone, and through {@code POST /api/projects/{id}/ops}. */
class OpRateLimitTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final TestStorage storage = new TestStorage();

    @AfterEach
    void closeStorage() {
        storage.close();
    }

    private void advanceMillis(long millis) {
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    private static ApiException rejection(Runnable call) {
        try {
            call.run();
        } catch (ApiException e) {
            return e;
        }
        throw new AssertionError("Expected a 429");
    }

    @Test
    void burstPassesThenRejects() {
        OpRateLimit limit = new OpRateLimit(10, 50, nanos::get);

        limit.take("alice", "p1", 30);
        limit.take("alice", "p1", 20);
        ApiException rejected = rejection(() -> limit.take("alice", "p1", 25));

        assertThat(rejected.status()).isEqualTo(429);
        assertThat(rejected.headers()).containsEntry("Retry-After", "3");
        assertThat(rejected.detail()).contains("10 ops per second").contains("same op ids");
    }

    @Test
    void tokensRefillOverTime() {
        OpRateLimit limit = new OpRateLimit(10, 50, nanos::get);
        limit.take("alice", "p1", 50);

        advanceMillis(1_000);
        limit.take("alice", "p1", 10);

        assertThatThrownBy(() -> limit.take("alice", "p1", 1)).isInstanceOf(ApiException.class);
    }

    @Test
    void bucketsSeparateUsersAndProjects() {
        OpRateLimit limit = new OpRateLimit(10, 50, nanos::get);
        limit.take("alice", "p1", 50);

        limit.take("bob", "p1", 50);
        limit.take("alice", "p2", 50);

        assertThatThrownBy(() -> limit.take("alice", "p1", 1)).isInstanceOf(ApiException.class);
    }

    @Test
    void batchOverBurstNeedsFullBucket() {
        OpRateLimit limit = new OpRateLimit(10, 50, nanos::get);

        limit.take("alice", "p1", 500);
        ApiException rejected = rejection(() -> limit.take("alice", "p1", 500));
        advanceMillis(5_000);

        assertThat(rejected.headers()).containsEntry("Retry-After", "5");
        limit.take("alice", "p1", 500);
    }

    @Test
    void fullBucketsAreSwept() {
        OpRateLimit limit = new OpRateLimit(10, 50, nanos::get);
        for (int i = 0; i < 1023; i++) {
            limit.take("user" + i, "p1", 1);
        }
        assertThat(limit.size()).isEqualTo(1023);

        advanceMillis(1_000);
        limit.take("late", "p1", 1);

        assertThat(limit.size()).isEqualTo(1);
    }

    @Test
    void invalidSettingsRejected() {
        assertThatThrownBy(() -> new OpRateLimit(0, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("restOpsPerSecond=0");
        assertThatThrownBy(() -> new OpRateLimit(10, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("restOpBurst=-1");
    }

    @Test
    void opsRouteAnswers429WithRetryAfter() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
        Engine engine = new Engine(EngineLimits.DEFAULTS);
        ProjectRepository repository = new ProjectRepository(storage);
        DocumentStore store = new DocumentStore(storage);
        DocumentService documents = new DocumentService(engine, repository, store, clock, 50, 16);
        ProjectService projects = new ProjectService(repository, documents, store, clock, Duration.ofDays(30),
                () -> new TestAccounts("alice", "bob"));
        TestDispatcher api = new TestDispatcher(new ProjectRoutes(projects, documents, () -> null, () -> null, engine,
                () -> ImageLookup.NONE, () -> FilterLookup.NONE, 1920, 1080, new OpRateLimit(10, 20, nanos::get))
                .routes(), projects);
        String id = api.call("alice", "POST", "/api/projects", Map.of("name", "Poster")).json().get("id").asText();
        assertThat(api.call("alice", "PUT", "/api/projects/" + id + "/members/bob", Map.of("role", "editor")).status())
                .isEqualTo(200);

        TestDispatcher.Result first = api.call("alice", "POST", "/api/projects/" + id + "/ops", batch("a", 20));
        TestDispatcher.Result second = api.call("alice", "POST", "/api/projects/" + id + "/ops", batch("b", 15));
        TestDispatcher.Result otherUser = api.call("bob", "POST", "/api/projects/" + id + "/ops", batch("c", 15));
        advanceMillis(1_500);
        TestDispatcher.Result resent = api.call("alice", "POST", "/api/projects/" + id + "/ops", batch("b", 15));

        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(429);
        assertThat(second.headers()).containsEntry("Retry-After", "2");
        assertThat(second.error().code()).isEqualTo("too-many-requests");
        assertThat(otherUser.status()).isEqualTo(200);
        assertThat(resent.status()).isEqualTo(200);
        assertThat(api.call("alice", "GET", "/api/projects/" + id + "/document", null).json().get("revision").asLong())
                .isEqualTo(3);
    }

    /** Returns a request body with {@code count} ops that each create a rectangle. */
    private static Map<String, Object> batch(String prefix, int count) {
        List<Map<String, Object>> ops = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ops.add(Map.of("kind", "create", "opId", prefix + "-op-" + i, "node", prefix + "-" + i, "type", "rect",
                    "parent", "root"));
        }
        return Map.of("ops", ops);
    }
}
