package io.pixelcraft.web.internal;

import io.pixelcraft.api.storage.StorageUnavailableException;
import io.pixelcraft.api.web.ApiException;
import io.pixelcraft.api.web.FieldViolation;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns errors into {@code application/problem+json} responses (RFC 9457).
 * The dispatcher, the request gate and the error page servlet all write errors through it.
 */
final class Problems {

    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

    static final String MEDIA_TYPE = "application/problem+json";

    /** Prefix of every problem {@code type}, whose last segment is the error code. */
    static final String TYPE_BASE = "https://pixelcraft.dev/problems/";

    /**
     * MongoDB driver exceptions that mean the store is overloaded or unreachable: no pooled
     * connection or server within the wait, a refused, reset or timed-out socket, a cleared pool.
     * They are matched by class name, subclasses included, so that this bundle does not import the
     * driver. The storage service translates them already; these cover driver objects that it
     * cannot wrap, such as GridFS streams.
     */
    private static final Set<String> STORE_UNAVAILABLE_TYPES = Set.of(
            "com.mongodb.MongoTimeoutException",
            "com.mongodb.MongoSocketException",
            "com.mongodb.MongoConnectionPoolClearedException");

    /** Causes followed when looking for a store failure inside another exception. */
    private static final int MAX_CAUSE_DEPTH = 5;

    /** An error ready to be written: everything of an {@link ApiException} that reaches the client. */
    record Problem(int status, String code, String title, String detail, List<FieldViolation> errors,
            Map<String, String> headers) {

        static Problem of(ApiException e) {
            return new Problem(e.status(), e.code(), e.title(), e.detail(), e.violations(), e.headers());
        }
    }

    /**
     * Logs an outage once per {@link #OUTAGE_LOG_INTERVAL_NANOS} and counts the rest, because
     * during an outage every request fails the same way.
     */
    static final class OutageLog {

        private static final long OUTAGE_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(30);

        private final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - OUTAGE_LOG_INTERVAL_NANOS);
        private final AtomicLong suppressed = new AtomicLong();

        boolean shouldLog() {
            long now = System.nanoTime();
            long last = lastLogged.get();
            if (now - last >= OUTAGE_LOG_INTERVAL_NANOS && lastLogged.compareAndSet(last, now)) {
                return true;
            }
            suppressed.incrementAndGet();
            return false;
        }

        long takeSuppressed() {
            return suppressed.getAndSet(0);
        }
    }

    private final JsonCodec json;
    private final long retryAfterSeconds;
    private final OutageLog outageLog = new OutageLog();

    Problems(JsonCodec json, long retryAfterSeconds) {
        this.json = json;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /**
     * Maps any throwable to the problem sent to the client. Only {@link ApiException} carries its own
     * detail to the client. A storage outage becomes a generic 503, logged at most once per 30 seconds.
     * Everything else becomes a generic 500, logged with the request id and the stack trace.
     */
    Problem toProblem(Throwable error, String requestId) {
        Throwable cause = unwrap(error);
        if (cause instanceof ApiException api) {
            if (api.status() >= 500 && outageLog.shouldLog()) {
                LOG.warn("Request {} failed with {} {}: {} ({} similar errors not logged since the last one)",
                        requestId, api.status(), api.code(), api.detail(), outageLog.takeSuppressed());
            }
            return Problem.of(api);
        }
        if (isStoreUnavailable(cause)) {
            if (outageLog.shouldLog()) {
                LOG.warn("Request {} failed because the store is unavailable ({} similar errors not logged since "
                        + "the last one)", requestId, outageLog.takeSuppressed(), cause);
            }
            return new Problem(503, "storage-unavailable", "Storage unavailable",
                    "The data store is unavailable; retry after " + retryAfterSeconds + " seconds",
                    List.of(), Map.of("Retry-After", Long.toString(retryAfterSeconds)));
        }
        if (cause instanceof IOException && json != null && isJacksonReadError(cause)) {
            return Problem.of(json.toApiException((IOException) cause));
        }
        LOG.error("Request {} failed with an unexpected error", requestId, cause);
        return internalError(requestId);
    }

    /**
     * Returns whether {@code error} or one of its causes is a {@link StorageUnavailableException}
     * or a driver exception of {@link #STORE_UNAVAILABLE_TYPES}.
     */
    static boolean isStoreUnavailable(Throwable error) {
        Throwable current = error;
        for (int depth = 0; current != null && depth <= MAX_CAUSE_DEPTH; depth++) {
            if (current instanceof StorageUnavailableException) {
                return true;
            }
            for (Class<?> type = current.getClass(); type != null; type = type.getSuperclass()) {
                if (STORE_UNAVAILABLE_TYPES.contains(type.getName())) {
                    return true;
                }
            }
            current = current.getCause();
        }
        return false;
    }

    /** Returns the generic 500 problem, whose detail names only the request id. */
    static Problem internalError(String requestId) {
        return new Problem(500, "internal-error", "Internal server error",
                "The server failed to complete the request; quote request id " + requestId + " when reporting it",
                List.of(), Map.of());
    }

    /** Builds the JSON members of a problem document, in the order the documentation shows. */
    static Map<String, Object> body(Problem problem, String requestId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_BASE + problem.code());
        body.put("title", problem.title());
        body.put("status", problem.status());
        body.put("detail", problem.detail());
        if (!problem.errors().isEmpty()) {
            List<Map<String, String>> errors = new ArrayList<>();
            for (FieldViolation violation : problem.errors()) {
                Map<String, String> entry = new LinkedHashMap<>();
                entry.put("field", violation.field());
                entry.put("rule", violation.rule());
                entry.put("message", violation.message());
                errors.add(entry);
            }
            body.put("errors", errors);
        }
        body.put("requestId", requestId);
        return body;
    }

    /**
     * Writes a problem unless the response is already committed, in which case the client has
     * the status line and part of a body, and only the log can tell what went wrong.
     */
    void write(HttpServletResponse response, Problem problem, String requestId) throws IOException {
        if (response.isCommitted()) {
            LOG.warn("Request {} failed after the response was committed; the client got a partial answer ({} {})",
                    requestId, problem.status(), problem.code());
            return;
        }
        byte[] bytes = json.write(body(problem, requestId));
        response.resetBuffer();
        response.setStatus(problem.status());
        problem.headers().forEach(response::setHeader);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType(MEDIA_TYPE);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /** Maps and writes in one step. */
    void send(HttpServletResponse response, Throwable error, String requestId) throws IOException {
        write(response, toProblem(error, requestId), requestId);
    }

    private static boolean isJacksonReadError(Throwable error) {
        return error instanceof com.fasterxml.jackson.core.JsonProcessingException;
    }

    /** Removes the wrappers that executors and reflection put around the real error. */
    private static Throwable unwrap(Throwable error) {
        Throwable current = error;
        for (int depth = 0; depth < 5; depth++) {
            boolean wrapper = current instanceof CompletionException || current instanceof ExecutionException
                    || current instanceof InvocationTargetException || current instanceof UndeclaredThrowableException;
            if (!wrapper || current.getCause() == null) {
                break;
            }
            current = current.getCause();
        }
        return current;
    }
}
