package io.pixelcraft.web.internal;

import io.pixelcraft.api.health.HealthCheck;
import io.pixelcraft.api.health.HealthResult;
import io.pixelcraft.api.web.Access;
import io.pixelcraft.api.web.ApiResponse;
import io.pixelcraft.api.web.BodyLimit;
import io.pixelcraft.api.web.Route;
import io.pixelcraft.api.web.RouteProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Serves {@code /api/health}, {@code /api/health/live} and {@code /api/health/ready} from the
 * registered {@link HealthCheck} services. Checks run in parallel, each limited by a timeout, and
 * a check that throws, hangs or cannot be scheduled counts as DOWN with the reason.
 */
@Component(service = RouteProvider.class, configurationPid = HealthConfig.PID)
@Designate(ocd = HealthConfig.class)
public final class HealthEndpoint implements RouteProvider {

    private static final Logger LOG = LoggerFactory.getLogger(HealthEndpoint.class);

    /** Retry-After of a DOWN response, in seconds. */
    private static final long RETRY_AFTER_SECONDS = 5;

    /** A registered check with its readiness flag. */
    record RegisteredCheck(HealthCheck check, boolean readiness) {
    }

    /** Checks by service id. Guarded by {@code this}; request threads copy it before use. */
    private final TreeMap<Long, RegisteredCheck> checks = new TreeMap<>();

    private volatile long timeoutMillis;
    private final ThreadPoolExecutor executor;

    /** Last overall state, to log transitions once instead of on every poll. */
    private volatile Boolean lastUp;

    @Activate
    public HealthEndpoint(HealthConfig config) {
        this.timeoutMillis = config.checkTimeoutMillis();
        AtomicInteger threadNumber = new AtomicInteger();
        // No queue: when every thread is busy with a hanging check, a new check is rejected at
        // once and reported DOWN instead of waiting behind the hung ones.
        this.executor = new ThreadPoolExecutor(0, Math.max(1, config.maxCheckThreads()), 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "pixelcraft-health-" + threadNumber.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** Applies a new timeout and thread count; checks already running keep their threads. */
    @Modified
    void modified(HealthConfig config) {
        int threads = Math.max(1, config.maxCheckThreads());
        executor.setMaximumPoolSize(threads);
        timeoutMillis = config.checkTimeoutMillis();
        LOG.info("Health checks now time out after {} ms on up to {} threads", timeoutMillis, threads);
    }

    @Deactivate
    void deactivate() {
        executor.shutdownNow();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addCheck(HealthCheck check, ServiceReference<HealthCheck> reference) {
        addCheck((Long) reference.getProperty(Constants.SERVICE_ID), check,
                isTrue(reference.getProperty(HealthCheck.READINESS)));
    }

    void removeCheck(HealthCheck check, ServiceReference<HealthCheck> reference) {
        removeCheck((Long) reference.getProperty(Constants.SERVICE_ID));
    }

    synchronized void addCheck(long serviceId, HealthCheck check, boolean readiness) {
        checks.put(serviceId, new RegisteredCheck(check, readiness));
    }

    synchronized void removeCheck(long serviceId) {
        checks.remove(serviceId);
    }

    private static HealthResult runWithLogContext(HealthCheck check, Map<String, String> logContext) {
        if (logContext == null) {
            MDC.clear();
        } else {
            MDC.setContextMap(logContext);
        }
        try {
            return check.check();
        } finally {
            MDC.clear();
        }
    }

    @Override
    public List<Route> routes() {
        Map<String, Object> upExample = Map.of("status", "UP", "checks",
                Map.of("store", Map.of("status", "UP", "detail", "embedded store on 127.0.0.1:27017 answered in 2 ms")));
        return List.of(
                Route.route("GET", "/api/health").access(Access.anonymous()).bodyLimit(BodyLimit.NONE).tag("health")
                        .summary("Runs every health check; 503 with the failing checks when one is DOWN")
                        .response(200, upExample)
                        .handler(request -> answer(run(false), request.requestId())),
                Route.route("GET", "/api/health/live").access(Access.anonymous()).bodyLimit(BodyLimit.NONE).tag("health")
                        .summary("Answers 200 while the process serves HTTP, without running checks")
                        .response(200, Map.of("status", "UP"))
                        .handler(request -> ApiResponse.ok(Map.of("status", "UP"))),
                Route.route("GET", "/api/health/ready").access(Access.anonymous()).bodyLimit(BodyLimit.NONE).tag("health")
                        .summary("Runs the readiness checks; 503 until all of them are UP")
                        .response(200, upExample)
                        .handler(request -> answer(run(true), request.requestId())));
    }

    /** Runs the checks (only readiness checks when {@code readinessOnly}) and returns results by name. */
    Map<String, HealthResult> run(boolean readinessOnly) {
        List<RegisteredCheck> selected = new ArrayList<>();
        synchronized (this) {
            for (RegisteredCheck registered : checks.values()) {
                if (!readinessOnly || registered.readiness()) {
                    selected.add(registered);
                }
            }
        }

        Map<String, Future<HealthResult>> futures = new LinkedHashMap<>();
        Map<String, HealthResult> results = new TreeMap<>();
        // The request's log context (request id) goes with each check, and is removed afterwards,
        // because pool threads otherwise keep the context they inherited when they were created.
        Map<String, String> logContext = MDC.getCopyOfContextMap();
        for (RegisteredCheck registered : selected) {
            String name = uniqueName(registered.check(), futures, results);
            try {
                futures.put(name, executor.submit(() -> runWithLogContext(registered.check(), logContext)));
            } catch (RejectedExecutionException e) {
                results.put(name, HealthResult.down("Not run: all check threads are busy with checks that have not returned"));
            }
        }

        long timeout = timeoutMillis;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout);
        for (Map.Entry<String, Future<HealthResult>> entry : futures.entrySet()) {
            results.put(entry.getKey(), await(entry.getKey(), entry.getValue(), deadline, timeout));
        }
        if (!readinessOnly) {
            logTransition(results);
        }
        return results;
    }

    private static HealthResult await(String name, Future<HealthResult> future, long deadline, long timeoutMillis) {
        try {
            HealthResult result = future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return result == null ? HealthResult.down("The check returned no result") : result;
        } catch (TimeoutException e) {
            future.cancel(true);
            return HealthResult.down("Timed out after " + timeoutMillis + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            LOG.warn("Health check {} threw an exception", name, cause);
            return HealthResult.down("The check failed: " + (cause.getMessage() == null
                    ? cause.getClass().getSimpleName() : cause.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            return HealthResult.down("Interrupted while waiting for the check");
        }
    }

    /** Builds a 200 response with every check when all are UP, otherwise a 503 problem that lists them. */
    static ApiResponse answer(Map<String, HealthResult> results, String requestId) {
        Map<String, Object> checks = new LinkedHashMap<>();
        List<String> failing = new ArrayList<>();
        results.forEach((name, result) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("status", result.up() ? "UP" : "DOWN");
            entry.put("detail", result.detail());
            checks.put(name, entry);
            if (!result.up()) {
                failing.add(name + ": " + result.detail());
            }
        });
        if (failing.isEmpty()) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", "UP");
            body.put("checks", checks);
            return ApiResponse.ok(body);
        }
        // A problem document, like every other 5xx, with the health state as extension members.
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", Problems.TYPE_BASE + "unhealthy");
        body.put("title", "Unhealthy");
        body.put("status", 503);
        body.put("detail", String.join("; ", failing));
        body.put("health", "DOWN");
        body.put("checks", checks);
        body.put("requestId", requestId);
        return new ApiResponse(503, body, Map.of("Content-Type", Problems.MEDIA_TYPE,
                "Retry-After", Long.toString(RETRY_AFTER_SECONDS)), List.of());
    }

    private void logTransition(Map<String, HealthResult> results) {
        boolean up = results.values().stream().allMatch(HealthResult::up);
        Boolean previous = lastUp;
        lastUp = up;
        if (previous == null || previous != up) {
            if (up) {
                LOG.info("Health is UP ({} checks)", results.size());
            } else {
                LOG.warn("Health is DOWN: {}", results.entrySet().stream().filter(entry -> !entry.getValue().up())
                        .map(entry -> entry.getKey() + ": " + entry.getValue().detail()).toList());
            }
        }
    }

    private static String uniqueName(HealthCheck check, Map<String, ?> scheduled, Map<String, ?> finished) {
        String base;
        try {
            base = check.name();
        } catch (RuntimeException e) {
            base = null;
        }
        if (base == null || base.isBlank()) {
            base = "unnamed";
        }
        String name = base;
        for (int i = 2; scheduled.containsKey(name) || finished.containsKey(name); i++) {
            name = base + "-" + i;
        }
        return name;
    }

    private static boolean isTrue(Object value) {
        return value instanceof Boolean flag ? flag : value != null && Boolean.parseBoolean(value.toString());
    }
}
