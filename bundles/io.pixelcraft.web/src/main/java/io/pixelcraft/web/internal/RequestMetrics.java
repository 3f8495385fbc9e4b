package io.pixelcraft.web.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Records each API request in the timer {@code http.server.requests} (Prometheus:
 * {@code http_server_requests_seconds_bucket}, {@code _count}, {@code _sum}), the name and tags
 * that Micrometer's own HTTP instrumentation uses, so standard dashboards work.
 *
 * <p>Tags: {@code method}, {@code uri} (the route template such as
 * {@code /api/projects/{projectId}}, or {@code UNMATCHED} when no route matched, so that a scan of
 * random paths cannot create unbounded series), {@code status} and {@code outcome}
 * ({@code SUCCESS}, {@code CLIENT_ERROR}, {@code SERVER_ERROR} and so on).
 */
final class RequestMetrics {

    static final String NAME = "http.server.requests";

    /** {@code uri} tag of a request that matched no route. */
    static final String UNMATCHED = "UNMATCHED";

    /** Request attribute in which the dispatcher stores the matched route template. */
    static final String ROUTE_ATTRIBUTE = "io.pixelcraft.web.route";

    private static final Set<String> KNOWN_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE",
            "OPTIONS");

    private RequestMetrics() {
    }

    /**
     * Records one request.
     *
     * @param route  the route template, or null when none matched
     * @param nanos  time from the start of the dispatcher to the end of the response
     */
    static void record(MeterRegistry registry, String method, String route, int status, long nanos) {
        String methodTag = KNOWN_METHODS.contains(method) ? method : "OTHER";
        Timer.builder(NAME)
                .description("API requests by route template and status")
                .tag("method", methodTag)
                .tag("uri", route == null ? UNMATCHED : route)
                .tag("status", Integer.toString(status))
                .tag("outcome", outcome(status))
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    static String outcome(int status) {
        return switch (status / 100) {
            case 1 -> "INFORMATIONAL";
            case 2 -> "SUCCESS";
            case 3 -> "REDIRECTION";
            case 4 -> "CLIENT_ERROR";
            case 5 -> "SERVER_ERROR";
            default -> "UNKNOWN";
        };
    }
}
