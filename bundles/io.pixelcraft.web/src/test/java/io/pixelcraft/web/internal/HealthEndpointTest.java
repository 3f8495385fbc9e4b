package io.pixelcraft.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixelcraft.api.health.HealthCheck;
import io.pixelcraft.api.health.HealthResult;
import io.pixelcraft.api.web.ApiResponse;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HealthEndpointTest {

    private final HealthEndpoint health = new HealthEndpoint(TestConfigs.health(200, 4));
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        health.deactivate();
    }

    private static HealthCheck check(String name, Supplier<HealthResult> result) {
        return new HealthCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public HealthResult check() {
                return result.get();
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(ApiResponse response) {
        return (Map<String, Object>) response.body();
    }

    @Test
    void allChecksUpAnswers200() {
        health.addCheck(1, check("store", () -> HealthResult.up("answered in 2 ms")), true);
        health.addCheck(2, check("http", () -> HealthResult.up("serving")), true);

        ApiResponse response = HealthEndpoint.answer(health.run(false), "r1");

        assertThat(response.status()).isEqualTo(200);
        assertThat(body(response)).containsEntry("status", "UP");
        assertThat((Map<String, Object>) body(response).get("checks")).containsOnlyKeys("store", "http");
    }

    @Test
    void failingCheckAnswers503WithReason() {
        health.addCheck(1, check("store", () -> HealthResult.down("connection refused")), true);
        health.addCheck(2, check("http", () -> HealthResult.up("serving")), true);

        ApiResponse response = HealthEndpoint.answer(health.run(false), "r1");

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.headers()).containsEntry("Content-Type", "application/problem+json");
        assertThat(body(response)).containsEntry("health", "DOWN").containsEntry("requestId", "r1");
        assertThat((String) body(response).get("detail")).contains("store: connection refused");
    }

    @Test
    void hangingCheckIsDownAfterTimeout() {
        health.addCheck(1, check("slow", () -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return HealthResult.up("finally");
        }), true);

        long start = System.nanoTime();
        Map<String, HealthResult> results = health.run(false);
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(results.get("slow").up()).isFalse();
        assertThat(results.get("slow").detail()).contains("Timed out after 200 ms");
        assertThat(elapsedMillis).isLessThan(2000);
    }

    @Test
    void throwingCheckIsDown() {
        health.addCheck(1, check("broken", () -> {
            throw new IllegalStateException("disk gone");
        }), false);

        HealthResult result = health.run(false).get("broken");

        assertThat(result.up()).isFalse();
        assertThat(result.detail()).contains("disk gone");
    }

    @Test
    void readinessRunsOnlyReadinessChecks() {
        health.addCheck(1, check("store", () -> HealthResult.up("ok")), true);
        health.addCheck(2, check("thumbnails", () -> HealthResult.down("queue full")), false);

        assertThat(health.run(true)).containsOnlyKeys("store");
        assertThat(HealthEndpoint.answer(health.run(true), "r").status()).isEqualTo(200);
        assertThat(HealthEndpoint.answer(health.run(false), "r").status()).isEqualTo(503);
    }

    @Test
    void duplicateNamesStayApart() {
        health.addCheck(1, check("store", () -> HealthResult.up("a")), true);
        health.addCheck(2, check("store", () -> HealthResult.up("b")), true);

        assertThat(health.run(false)).containsOnlyKeys("store", "store-2");
    }

    @Test
    void removedCheckIsNotRun() {
        health.addCheck(1, check("store", () -> HealthResult.down("down")), true);
        health.removeCheck(1);

        assertThat(health.run(false)).isEmpty();
    }
}
