package io.pixelcraft.plugin.host.internal;

import org.slf4j.MDC;

/**
 * The user, project and request on whose behalf a plugin call runs, or nulls for a call on a
 * thread without them, such as a console command.
 *
 * <p>The web dispatcher puts these ids into the SLF4J MDC of the request thread under the keys
 * {@value #MDC_USER_ID}, {@value #MDC_PROJECT_ID} and {@value #MDC_REQUEST_ID}, and the renderer
 * calls filters on that thread, so {@link #current()} reads them from there.
 * NOTE: the MDC is a logging context, and threads started during a request appear to inherit
 * it. In Karaf 4.4.10 the background thumbnail worker reported the ids of an earlier request for
 * later jobs. A caller parameter on {@code FilterLookup} would be exact, but it needs a change of
 * the document API and the engine.
 *
 * @param userId    the signed-in user's id, or null
 * @param projectId the project in the request path, or null
 * @param requestId the request id, or null outside a request
 */
public record Caller(String userId, String projectId, String requestId) {

    static final String MDC_USER_ID = "userId";
    static final String MDC_PROJECT_ID = "projectId";
    static final String MDC_REQUEST_ID = "requestId";

    /** A call that no request started. */
    public static final Caller NONE = new Caller(null, null, null);

    /** Returns the caller of the current thread's request, or {@link #NONE}. */
    public static Caller current() {
        return new Caller(MDC.get(MDC_USER_ID), MDC.get(MDC_PROJECT_ID), MDC.get(MDC_REQUEST_ID));
    }

    /**
     * Returns the key under which the failure rule counts distinct callers: the user id, else the
     * project id, else {@code platform} for every call without a request.
     */
    public String key() {
        if (userId != null) {
            return "user:" + userId;
        }
        return projectId != null ? "project:" + projectId : "platform";
    }

    /** Returns the ids for a log line, for example {@code user u1, project p1}. */
    public String describe() {
        if (userId == null && projectId == null) {
            return "no user (platform task)";
        }
        return "user " + (userId == null ? "(none)" : userId) + ", project " + (projectId == null ? "(none)" : projectId);
    }
}
