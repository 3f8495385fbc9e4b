package io.pixelcraft.collab.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pixelcraft.api.account.CredentialValidator;
import io.pixelcraft.api.document.Op;
import io.pixelcraft.api.web.Access;
import io.pixelcraft.api.web.ApiException;
import io.pixelcraft.api.web.Authorizer;
import io.pixelcraft.api.web.Principal;
import io.pixelcraft.api.web.ProjectRole;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.exceptions.CloseException;
import org.eclipse.jetty.websocket.api.exceptions.MessageTooLargeException;
import org.eclipse.jetty.websocket.api.exceptions.WebSocketTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server end of one WebSocket connection: it parses the client's messages, checks the
 * caller's project role with the {@link Authorizer} for every message, and hands the work to
 * the room. Jetty calls the listener methods for one session one at a time. Jetty requires
 * endpoint classes to be public.
 */
public final class Connection implements Session.Listener.AutoDemanding {

    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
    private static final Pattern BATCH_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");
    private static final Set<String> JOIN_FIELDS = Set.of("type", "protocol", "lastSeq");
    private static final Set<String> OPS_FIELDS = Set.of("type", "batch", "ops");
    private static final Set<String> PRESENCE_FIELDS = Set.of("type", "cursor", "selection", "viewport", "following");
    private static final Set<String> PING_FIELDS = Set.of("type", "id");
    private static final int MAX_SELECTION = 10_000;
    private static final int MAX_PING_ID_LENGTH = 64;
    /** Minimum time between two {@code rate-limited} errors for dropped ping and presence messages. */
    private static final long RATE_LIMITED_NOTICE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long PRESENCE_CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Milliseconds a client waits before resending a batch that names an image while no image store runs. */
    private static final long IMAGE_STORE_RETRY_MILLIS = 5_000;

    private final RoomManager manager;
    private final Authorizer authorizer;
    private final Principal principal;
    private final String projectId;
    private final String sessionId;
    private final CollabSettings settings;
    private final TokenBucket opRate;
    /** Ping and presence messages; bursts of twice the per-second rate pass. */
    private final TokenBucket pingPresenceRate;
    /** Time of the last {@code rate-limited} error, from {@link System#nanoTime()}. */
    private long rateLimitedNoticeNanos = System.nanoTime() - RATE_LIMITED_NOTICE_NANOS;
    private long droppedMessages;
    private Outbox outbox;
    private volatile Room room;
    private volatile Member member;
    /** Time of the last passed role check on a presence message, from {@link System#nanoTime()}. */
    private long presenceCheckedNanos;
    private ScheduledFuture<?> joinTimeout;

    Connection(RoomManager manager, Authorizer authorizer, Principal principal, String projectId, String sessionId,
            CollabSettings settings) {
        this.manager = manager;
        this.authorizer = authorizer;
        this.principal = principal;
        this.projectId = projectId;
        this.sessionId = sessionId;
        this.settings = settings;
        this.opRate = new TokenBucket(settings.maxOpsPerSecond(), settings.opBurst());
        this.pingPresenceRate = new TokenBucket(settings.maxPingPresencePerSecond(),
                2 * settings.maxPingPresencePerSecond());
    }

    @Override
    public void onWebSocketOpen(Session session) {
        outbox = new Outbox(session, settings.maxOutboundMessages(), sessionId + " (project " + projectId + ")");
        manager.connected(this);
        joinTimeout = manager.scheduler().schedule(() -> outbox.close(CloseCodes.PROTOCOL,
                "No join message within " + settings.joinTimeoutSeconds() + " s"),
                settings.joinTimeoutSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public void onWebSocketText(String text) {
        JsonNode message;
        try {
            message = JsonCodec.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            outbox.send(Protocol.error(Protocol.BAD_JSON, "Message is not valid JSON: " + e.getOriginalMessage()));
            return;
        }
        if (message == null || !message.isObject() || !message.path("type").isTextual()) {
            outbox.send(Protocol.error(Protocol.INVALID_MESSAGE, "Message must be a JSON object with a string field 'type'"));
            return;
        }
        String type = message.get("type").asText();
        switch (type) {
            case "join" -> onJoin(message);
            case "ops" -> onOps(message);
            case "presence" -> onPresence(message);
            case "ping" -> onPing(message);
            default -> outbox.send(Protocol.error(Protocol.UNKNOWN_TYPE,
                    "Unknown message type '" + abbreviate(type) + "': use join, ops, presence or ping"));
        }
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        callback.succeed();
        outbox.send(Protocol.error(Protocol.BINARY_NOT_SUPPORTED, "Binary messages are not supported: send JSON text"));
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        manager.metrics().closed(statusCode);
        if (joinTimeout != null) {
            joinTimeout.cancel(false);
        }
        if (room != null) {
            room.leave(member);
        }
        manager.disconnected(this);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        String clientError = clientErrorKind(cause);
        if (clientError != null) {
            // The client caused it, so a stack trace would tell nothing, and a client can repeat it freely.
            manager.metrics().clientError(clientError);
            LOG.info("Collaboration session {} of user {} in project {} closed after a client error ({}): {}",
                    sessionId, principal.userId(), projectId, clientError, cause.getMessage());
        } else if (cause instanceof java.io.IOException) {
            // Dropped connections are routine: clients go offline, tabs close, networks change.
            LOG.debug("Collaboration session {} of user {} in project {} lost its connection: {}", sessionId,
                    principal.userId(), projectId, cause.toString());
        } else {
            LOG.warn("Collaboration session {} of user {} in project {} failed", sessionId, principal.userId(),
                    projectId, cause);
        }
    }

    /**
     * Returns the {@link CollabMetrics} kind of an error that the client caused: a message over the
     * size limit, a malformed frame or invalid UTF-8, or silence past the idle timeout. Returns
     * {@code null} for other errors.
     */
    static String clientErrorKind(Throwable cause) {
        if (cause instanceof MessageTooLargeException) {
            return CollabMetrics.MESSAGE_TOO_LARGE;
        }
        if (cause instanceof CloseException) {
            return CollabMetrics.PROTOCOL_ERROR;
        }
        if (cause instanceof WebSocketTimeoutException) {
            return CollabMetrics.IDLE_TIMEOUT;
        }
        return null;
    }

    // ---- messages ----

    private void onJoin(JsonNode message) {
        if (!checkFields(message, JOIN_FIELDS)) {
            return;
        }
        if (room != null) {
            outbox.send(Protocol.error(Protocol.ALREADY_JOINED, "This connection has already joined the room"));
            return;
        }

        JsonNode protocol = message.get("protocol");
        if (protocol == null || !protocol.canConvertToInt() || protocol.asInt() != Protocol.VERSION) {
            outbox.send(Protocol.error(Protocol.UNSUPPORTED_PROTOCOL,
                    "Unsupported protocol " + protocol + ": this server speaks protocol " + Protocol.VERSION));
            outbox.close(CloseCodes.PROTOCOL, "Unsupported protocol version");
            return;
        }

        JsonNode lastSeqNode = message.get("lastSeq");
        Long lastSeq = null;
        if (lastSeqNode != null && !lastSeqNode.isNull()) {
            if (!lastSeqNode.isIntegralNumber() || lastSeqNode.asLong() < 0) {
                outbox.send(Protocol.error(Protocol.INVALID_MESSAGE,
                        "Invalid lastSeq " + lastSeqNode + ": use a sequence number >= 0, or null for a snapshot"));
                return;
            }
            lastSeq = lastSeqNode.asLong();
        }

        Optional<ProjectRole> role = authorize(ProjectRole.VIEWER);
        if (role.isEmpty()) {
            return;
        }
        Member joining = new Member(sessionId, principal, role.get(), outbox);
        Room.JoinResult result = manager.join(projectId, joining, lastSeq);
        if (!result.joined()) {
            outbox.close(result.closeCode(), result.closeReason());
            return;
        }
        joinTimeout.cancel(false);
        member = joining;
        room = result.room();
    }

    private void onOps(JsonNode message) {
        if (!checkFields(message, OPS_FIELDS) || !checkJoined()) {
            return;
        }
        JsonNode batchNode = message.get("batch");
        if (batchNode == null || !batchNode.isTextual() || !BATCH_ID.matcher(batchNode.asText()).matches()) {
            outbox.send(Protocol.error(Protocol.INVALID_MESSAGE,
                    "Invalid batch id: use 1 to 128 characters of letters, digits, _ . : -"));
            return;
        }
        String batchId = batchNode.asText();
        List<Op> ops = parseOps(batchId, message.get("ops"));
        if (ops == null) {
            return;
        }
        Optional<ProjectRole> role = authorizeEdit(batchId);
        if (role.isEmpty()) {
            return;
        }
        long retryAfter = opRate.take(ops.size());
        if (retryAfter > 0) {
            outbox.send(Protocol.rejected(batchId, "rate-limited", "Op rate above " + settings.maxOpsPerSecond()
                    + " ops/s: resend this batch later", null, retryAfter));
            return;
        }
        if (!checkImages(batchId, ops)) {
            return;
        }
        room.submit(member, batchId, ops);
    }

    /**
     * Rejects the batch when an op names an image the member may not read, or names any image
     * while no image store is registered. Runs before the room's lock, because it reads the store.
     *
     * @return whether the batch may go to the room
     */
    private boolean checkImages(String batchId, List<Op> ops) {
        ImageAccessCheck.Verdict verdict = ImageAccessCheck.check(manager.imageStore(), principal, ops);
        if (verdict.storeMissing()) {
            LOG.warn("Rejected batch {} of user {} in project {}: it names an image and no image store is running",
                    batchId, principal.userId(), projectId);
            outbox.send(Protocol.rejected(batchId, "unavailable", "The image store is not running, so a batch "
                    + "that names an image cannot be checked: resend it later", null, IMAGE_STORE_RETRY_MILLIS));
            return false;
        }
        if (!verdict.passed()) {
            LOG.warn("Rejected batch {} of user {} in project {}: {} ops name images the user may not read",
                    batchId, principal.userId(), projectId, verdict.violations().size());
            outbox.send(Protocol.rejected(batchId, "invalid", verdict.violations().get(0).message(),
                    verdict.violations(), 0));
            return false;
        }
        return true;
    }

    private List<Op> parseOps(String batchId, JsonNode opsNode) {
        if (opsNode == null || !opsNode.isArray() || opsNode.isEmpty()) {
            outbox.send(Protocol.rejected(batchId, "invalid", "Field 'ops' must be a non-empty array of ops", null, 0));
            return null;
        }
        if (opsNode.size() > settings.opBurst()) {
            outbox.send(Protocol.rejected(batchId, "invalid", "Batch has " + opsNode.size()
                    + " ops, more than the maximum of " + settings.opBurst() + ": split it", null, 0));
            return null;
        }
        List<Op> ops = new ArrayList<>(opsNode.size());
        for (int i = 0; i < opsNode.size(); i++) {
            try {
                ops.add(JsonCodec.MAPPER.treeToValue(opsNode.get(i), Op.class));
            } catch (JsonProcessingException e) {
                outbox.send(Protocol.rejected(batchId, "invalid", "Invalid op at ops[" + i + "]: "
                        + e.getOriginalMessage(), null, 0));
                return null;
            }
        }
        return ops;
    }

    private void onPresence(JsonNode message) {
        if (!takePingPresenceToken("presence") || !checkFields(message, PRESENCE_FIELDS) || !checkJoined()) {
            return;
        }
        JsonNode selection = message.get("selection");
        if (selection != null && !selection.isNull() && (!selection.isArray() || selection.size() > MAX_SELECTION)) {
            outbox.send(Protocol.error(Protocol.INVALID_MESSAGE,
                    "Field 'selection' must be an array of at most " + MAX_SELECTION + " node ids"));
            return;
        }
        for (String field : List.of("cursor", "viewport")) {
            JsonNode value = message.get(field);
            if (value != null && !value.isNull() && !value.isObject()) {
                outbox.send(Protocol.error(Protocol.INVALID_MESSAGE, "Field '" + field + "' must be an object or null"));
                return;
            }
        }
        JsonNode following = message.get("following");
        if (following != null && !following.isNull() && !following.isTextual()) {
            outbox.send(Protocol.error(Protocol.INVALID_MESSAGE,
                    "Field 'following' must be a session id or null"));
            return;
        }
        // Cursor moves arrive up to dozens of times a second and each check is a store lookup, so
        // presence is re-checked at most once a second. Ops are checked every time.
        long now = System.nanoTime();
        if (now - presenceCheckedNanos > PRESENCE_CHECK_NANOS) {
            if (authorize(ProjectRole.VIEWER).isEmpty()) {
                return;
            }
            presenceCheckedNanos = now;
        }
        ObjectNode fields = ((ObjectNode) message).deepCopy();
        fields.remove("type");
        room.presence(member, fields);
    }

    private void onPing(JsonNode message) {
        if (!takePingPresenceToken("ping") || !checkFields(message, PING_FIELDS)) {
            return;
        }
        JsonNode id = message.get("id");
        if (id != null && !id.isNull() && !validPingId(id)) {
            outbox.send(Protocol.error(Protocol.INVALID_MESSAGE, "Invalid ping id: use an integer or a string of at most "
                    + MAX_PING_ID_LENGTH + " characters"));
            return;
        }
        outbox.send(Protocol.pong(id));
    }

    private static boolean validPingId(JsonNode id) {
        if (id.isTextual()) {
            return id.asText().length() <= MAX_PING_ID_LENGTH;
        }
        return id.isIntegralNumber() && id.canConvertToLong();
    }

    /**
     * Takes a token for a ping or presence message. Without one, the message is dropped and the
     * client gets a {@code rate-limited} error. That error is sent at most once a second, so a
     * flood gets few replies.
     *
     * @return whether the message may be handled
     */
    private boolean takePingPresenceToken(String type) {
        if (pingPresenceRate.take(1) == 0) {
            return true;
        }
        manager.metrics().clientError(CollabMetrics.RATE_LIMITED);
        droppedMessages++;
        if (droppedMessages == 1) {
            LOG.info("Collaboration session {} of user {} in project {} sends more than {} ping and presence messages "
                    + "per second; dropping the excess", sessionId, principal.userId(), projectId,
                    settings.maxPingPresencePerSecond());
        }
        long now = System.nanoTime();
        if (now - rateLimitedNoticeNanos >= RATE_LIMITED_NOTICE_NANOS) {
            rateLimitedNoticeNanos = now;
            outbox.send(Protocol.error(Protocol.RATE_LIMITED, "Dropped this " + type + " message: send at most "
                    + settings.maxPingPresencePerSecond() + " ping and presence messages per second"));
        }
        return false;
    }

    // ---- checks ----

    private boolean checkFields(JsonNode message, Set<String> allowed) {
        Iterator<String> names = message.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                outbox.send(Protocol.error(Protocol.INVALID_MESSAGE, "Unknown field '" + abbreviate(name)
                        + "' in " + message.get("type").asText() + " message: allowed are " + allowed));
                return false;
            }
        }
        return true;
    }

    private boolean checkJoined() {
        if (room == null) {
            outbox.send(Protocol.error(Protocol.NOT_JOINED, "Send a join message first"));
            return false;
        }
        return true;
    }

    /** Checks the caller's role; on a 401 or 404 the connection is closed and empty is returned. */
    private Optional<ProjectRole> authorize(ProjectRole minimum) {
        try {
            Optional<ProjectRole> role = authorizer.authorize(Optional.of(principal),
                    Access.project(minimum, "id"), projectId);
            role.ifPresent(this::updateRole);
            return role.isPresent() ? role : Optional.of(minimum);
        } catch (ApiException e) {
            closeFor(e);
            return Optional.empty();
        }
    }

    private Optional<ProjectRole> authorizeEdit(String batchId) {
        try {
            Optional<ProjectRole> role = authorizer.authorize(Optional.of(principal),
                    Access.project(ProjectRole.EDITOR, "id"), projectId);
            role.ifPresent(this::updateRole);
            return role.isPresent() ? role : Optional.of(ProjectRole.EDITOR);
        } catch (ApiException e) {
            if (e.status() == 403) {
                updateRole(ProjectRole.VIEWER);
                outbox.send(Protocol.rejected(batchId, "forbidden",
                        "Viewers cannot edit this project: ask an owner for the editor role", null, 0));
            } else {
                closeFor(e);
            }
            return Optional.empty();
        }
    }

    /** Stores a changed role and sends {@code role-changed}, so the client can switch to read-only or back. */
    private void updateRole(ProjectRole role) {
        Room joinedRoom = room;
        Member joined = member;
        if (joinedRoom == null || joined == null) {
            return;
        }
        ProjectRole previous;
        synchronized (joinedRoom) {
            previous = joined.role;
            if (previous == role) {
                return;
            }
            joined.role = role;
            outbox.send(Protocol.roleChanged(role, role.atLeast(ProjectRole.EDITOR)
                    ? "Your role in this project is now " + role.jsonName() + ": you can edit"
                    : "Your role in this project is now " + role.jsonName() + ": ops are rejected until an owner "
                            + "makes you an editor"));
        }
        LOG.info("Role of user {} in project {} (session {}) changed from {} to {}", principal.userId(), projectId,
                sessionId, previous.jsonName(), role.jsonName());
    }

    private void closeFor(ApiException e) {
        if (e.status() == 401) {
            outbox.close(CloseCodes.UNAUTHENTICATED, "Not signed in: sign in again and reconnect");
        } else if (e.status() >= 500) {
            // The projects service is not running: a 4404 would tell the client never to come back.
            outbox.close(CloseCodes.UNAVAILABLE, "Project access could not be checked: reconnect later");
        } else {
            outbox.close(CloseCodes.PROJECT_NOT_FOUND, "Project not found");
        }
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }

    // ---- status ----

    String sessionId() {
        return sessionId;
    }

    String projectId() {
        return projectId;
    }

    String userId() {
        return principal.userId();
    }

    /**
     * Checks the credential and, once joined, the project role again. Closes the connection with
     * 4401 when the credential is no longer valid and with 4404 when the user is no longer a
     * member, and sends {@code role-changed} when the role changed. Runs on a revalidation thread.
     *
     * @param validator the credential check, or {@code null} to check only the role
     * @throws RuntimeException when a check could not be made (store or projects service down);
     *         the connection then stays open
     */
    void revalidate(CredentialValidator validator) {
        if (outbox == null) {
            return;
        }
        if (validator != null) {
            try {
                validator.validate(principal);
            } catch (ApiException e) {
                if (e.status() != 401) {
                    throw e;
                }
                LOG.info("Closing collaboration session {} of user {} in project {}: credential {} is no longer "
                        + "valid ({})", sessionId, principal.userId(), projectId, principal.credentialId(), e.detail());
                outbox.close(CloseCodes.UNAUTHENTICATED, closeReason(e.detail()));
                return;
            }
        }
        if (room == null) {
            // The join checks the role.
            return;
        }
        Optional<ProjectRole> role;
        try {
            role = authorizer.authorize(Optional.of(principal), Access.project(ProjectRole.VIEWER, "id"), projectId);
        } catch (ApiException e) {
            if (e.status() != 401 && e.status() != 404) {
                throw e;
            }
            LOG.info("Closing collaboration session {} of user {} in project {}: the user lost access ({})",
                    sessionId, principal.userId(), projectId, e.status());
            if (e.status() == 401) {
                outbox.close(CloseCodes.UNAUTHENTICATED, "Not signed in: sign in again and reconnect");
            } else {
                outbox.close(CloseCodes.PROJECT_NOT_FOUND, "Project not found: you were removed from it, or it was deleted");
            }
            return;
        }
        role.ifPresent(this::updateRole);
    }

    /** Shortens a reason to the 123 bytes that a close frame can carry (RFC 6455, section 5.5). */
    static String closeReason(String text) {
        String reason = text == null || text.isBlank() ? "Credential no longer valid: sign in again" : text;
        while (reason.getBytes(StandardCharsets.UTF_8).length > 123) {
            reason = reason.substring(0, reason.length() - 1);
        }
        return reason;
    }

    /** Closes the connection after its queued messages, for a restart. */
    void closeForRestart() {
        if (outbox != null) {
            outbox.close(CloseCodes.RESTARTING, "Server restarting: reconnect and resend unacknowledged batches");
        }
    }
}
