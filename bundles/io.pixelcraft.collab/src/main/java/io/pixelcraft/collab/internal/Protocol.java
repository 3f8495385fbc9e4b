package io.pixelcraft.collab.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pixelcraft.api.document.OpViolation;
import io.pixelcraft.api.web.ProjectRole;
import java.util.List;

/** Message builders of the collaboration protocol; {@code docs/protocol.md} describes every message. */
final class Protocol {

    /** The protocol version that {@code join} must name and {@code welcome} confirms. */
    static final int VERSION = 1;

    /** Error codes of {@code error} messages. */
    static final String BAD_JSON = "bad-json";
    static final String UNKNOWN_TYPE = "unknown-type";
    static final String INVALID_MESSAGE = "invalid-message";
    static final String NOT_JOINED = "not-joined";
    static final String ALREADY_JOINED = "already-joined";
    static final String UNSUPPORTED_PROTOCOL = "unsupported-protocol";
    static final String BINARY_NOT_SUPPORTED = "binary-not-supported";
    static final String RATE_LIMITED = "rate-limited";

    /** Values of the welcome's {@code resync} field: why a client that sent a {@code lastSeq} gets a snapshot. */
    static final String RESYNC_AHEAD = "ahead";
    static final String RESYNC_TOO_FAR_BEHIND = "too-far-behind";
    static final String RESYNC_REPLACED = "replaced";

    private Protocol() {
    }

    static String error(String code, String message) {
        ObjectNode node = JsonCodec.object();
        node.put("type", "error");
        node.put("code", code);
        node.put("message", message);
        return JsonCodec.write(node);
    }

    static String ack(String batchId, Long seq, boolean duplicate) {
        ObjectNode node = JsonCodec.object();
        node.put("type", "ack");
        node.put("batch", batchId);
        if (seq == null) {
            node.putNull("seq");
        } else {
            node.put("seq", seq);
        }
        if (duplicate) {
            node.put("duplicate", true);
        }
        return JsonCodec.write(node);
    }

    /**
     * Builds a {@code rejected} message.
     *
     * @param code         {@code invalid}, {@code forbidden}, {@code rate-limited}, {@code restarting} or {@code internal}
     * @param violations   the engine's violations for {@code invalid}, otherwise {@code null}
     * @param retryAfterMs for {@code rate-limited}, when the client may resend; otherwise 0
     */
    static String rejected(String batchId, String code, String message, List<OpViolation> violations, long retryAfterMs) {
        ObjectNode node = JsonCodec.object();
        node.put("type", "rejected");
        node.put("batch", batchId);
        node.put("code", code);
        node.put("message", message);
        if (violations != null) {
            ArrayNode list = node.putArray("violations");
            for (OpViolation violation : violations) {
                ObjectNode item = list.addObject();
                item.put("path", violation.path());
                item.put("rule", violation.rule());
                item.put("message", violation.message());
            }
        }
        if (retryAfterMs > 0) {
            node.put("retryAfterMs", retryAfterMs);
        }
        return JsonCodec.write(node);
    }

    /** Builds a {@code role-changed} message: the member's project role changed during the session. */
    static String roleChanged(ProjectRole role, String message) {
        ObjectNode node = JsonCodec.object();
        node.put("type", "role-changed");
        node.put("role", role.jsonName());
        node.put("message", message);
        return JsonCodec.write(node);
    }

    static String pong(com.fasterxml.jackson.databind.JsonNode id) {
        ObjectNode node = JsonCodec.object();
        node.put("type", "pong");
        if (id != null) {
            node.set("id", id);
        }
        return JsonCodec.write(node);
    }
}
