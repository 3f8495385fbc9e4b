package io.pixelcraft.collab.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pixelcraft.api.document.BatchResult;
import io.pixelcraft.api.document.Document;
import io.pixelcraft.api.document.DocumentEngine;
import io.pixelcraft.api.document.DocumentSnapshot;
import io.pixelcraft.api.document.Node;
import io.pixelcraft.api.document.NodeType;
import io.pixelcraft.api.document.Op;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A simulated editor client that follows the protocol as a third-party client would. It keeps
 * the confirmed document (server order) and a list of pending batches. It applies its own batch
 * to the confirmed document when the ack arrives, and resends pending batches after reconnecting.
 * Every protocol surprise (a sequence gap, an unknown ack) is recorded as a failure.
 */
final class SimClient {

    private static final TypeReference<List<Op>> OP_LIST = new TypeReference<>() { };
    private static final String[] PROPS = {"x", "y", "width", "height", "opacity", "rotation", "name"};

    final String userId;
    private final URI uri;
    private final DocumentEngine engine;
    private final Random random;
    private final Map<Long, String> acked;
    final List<String> failures = new ArrayList<>();
    private final LinkedHashMap<String, List<Op>> pending = new LinkedHashMap<>();
    private final java.util.Set<String> retry = new java.util.LinkedHashSet<>();
    private TestClient socket;
    private int generation;
    private boolean joined;
    private Document confirmed;
    private long lastSeq = -1;
    private int counter;
    int rejectedBatches;
    int reconnects;

    SimClient(String userId, URI uri, DocumentEngine engine, long seed, Map<Long, String> acked) {
        this.userId = userId;
        this.uri = uri;
        this.engine = engine;
        this.random = new Random(seed);
        this.acked = acked;
    }

    /** Opens a new connection and joins, from the last sequence number or with a fresh snapshot. */
    synchronized void connect(boolean freshSnapshot) {
        int current = ++generation;
        joined = false;
        socket = TestClient.connect(uri, userId, null, message -> onMessage(current, message));
        socket.closed.thenAccept(close -> onClose(current, close));
        ObjectNode join = JsonCodec.object();
        join.put("type", "join");
        join.put("protocol", Protocol.VERSION);
        if (freshSnapshot || lastSeq < 0) {
            join.putNull("lastSeq");
        } else {
            join.put("lastSeq", lastSeq);
        }
        socket.send(JsonCodec.write(join));
    }

    /** Drops the connection without a close handshake, keeping pending batches. */
    synchronized void disconnect() {
        generation++;
        joined = false;
        socket.abort();
        reconnects++;
    }

    synchronized boolean connected() {
        return joined;
    }

    synchronized boolean settled(long roomSeq) {
        return joined && pending.isEmpty() && lastSeq == roomSeq;
    }

    synchronized DocumentSnapshot confirmedSnapshot() {
        return confirmed.snapshot();
    }

    synchronized String state() {
        return userId + ": joined=" + joined + " lastSeq=" + lastSeq + " pending=" + pending.keySet()
                + " failures=" + failures.subList(0, Math.min(3, failures.size()));
    }

    /**
     * Resends the batches that the server rejected with rate-limited or restarting. Batches still
     * in flight are never resent on the same connection: a first copy rejected as invalid and a
     * second copy accepted later would leave the client without the batch it removed.
     */
    synchronized void resendRetries() {
        if (joined) {
            for (String batchId : new ArrayList<>(retry)) {
                List<Op> ops = pending.get(batchId);
                if (ops != null) {
                    send(batchId, ops);
                }
            }
            retry.clear();
        } else if (socket != null && !socket.isOpen()) {
            connect(false);
        }
    }

    // ---- edits ----

    /** Sends one batch of one to three random ops made against the confirmed document. */
    synchronized void sendRandomBatch() {
        if (!joined) {
            return;
        }
        List<Node> nodes = confirmed.snapshot().nodes();
        List<Op> ops = new ArrayList<>();
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            ops.add(randomOp(nodes));
        }
        String batchId = userId + "-b" + (++counter);
        pending.put(batchId, ops);
        send(batchId, ops);
    }

    private Op randomOp(List<Node> nodes) {
        List<Node> containers = nodes.stream().filter(n -> n.nodeType().isContainer()).toList();
        List<Node> children = nodes.stream().filter(n -> n.parent() != null).toList();
        String opId = userId + "-o" + (++counter);
        int roll = random.nextInt(100);
        if (children.isEmpty() || roll < 30) {
            Node parent = containers.get(random.nextInt(containers.size()));
            NodeType type = random.nextInt(3) == 0 ? NodeType.GROUP : NodeType.RECT;
            String id = userId + "-n" + (++counter);
            Map<String, Object> props = Map.of("x", (double) random.nextInt(1000), "name", "n" + counter);
            Integer index = random.nextBoolean() ? null : random.nextInt(3);
            return new Op(Op.CREATE, opId, id, type.jsonName(), parent.id(), index, null, props);
        }
        Node target = children.get(random.nextInt(children.size()));
        if (roll < 65) {
            String prop = PROPS[random.nextInt(PROPS.length)];
            Object value = switch (prop) {
                case "name" -> "v" + counter;
                case "opacity" -> random.nextInt(101) / 100.0;
                case "rotation" -> (double) random.nextInt(360);
                default -> (double) random.nextInt(500);
            };
            return Op.set(opId, target.id(), Map.of(prop, value));
        }
        if (roll < 75) {
            // Reorder among the current siblings.
            return Op.move(opId, target.id(), null, random.nextInt(4));
        }
        if (roll < 90) {
            // Reparent, which may form a cycle against a concurrent move and then be rejected.
            Node parent = containers.get(random.nextInt(containers.size()));
            return Op.move(opId, target.id(), parent.id(), random.nextBoolean() ? null : random.nextInt(3));
        }
        return Op.delete(opId, target.id());
    }

    private void send(String batchId, List<Op> ops) {
        ObjectNode message = JsonCodec.object();
        message.put("type", "ops");
        message.put("batch", batchId);
        message.set("ops", JsonCodec.tree(ops));
        socket.send(JsonCodec.write(message));
    }

    // ---- messages ----

    private synchronized void onMessage(int from, JsonNode message) {
        if (from != generation) {
            return;
        }
        try {
            switch (message.get("type").asText()) {
                case "welcome" -> onWelcome(message);
                case "ops" -> applyConfirmed(message);
                case "ack" -> onAck(message);
                case "rejected" -> onRejected(message);
                case "error" -> failures.add(userId + " got error " + message);
                default -> {
                    // Presence and membership messages do not change the document.
                }
            }
        } catch (JsonProcessingException | RuntimeException e) {
            failures.add(userId + " failed on " + message + ": " + e);
        }
    }

    private synchronized void onClose(int from, TestClient.Close close) {
        if (from == generation) {
            failures.add(userId + " was closed by the server: " + close);
        }
    }

    private void onWelcome(JsonNode welcome) throws JsonProcessingException {
        if ("snapshot".equals(welcome.get("mode").asText())) {
            confirmed = engine.open(JsonCodec.MAPPER.treeToValue(welcome.get("snapshot"), DocumentSnapshot.class));
            lastSeq = welcome.get("seq").asLong();
            // Pending batches already in the snapshot are acknowledged as duplicates on resend.
        } else {
            for (JsonNode batch : (ArrayNode) welcome.get("batches")) {
                applyConfirmed(batch);
            }
        }
        joined = true;
        retry.clear();
        for (Map.Entry<String, List<Op>> entry : pending.entrySet()) {
            send(entry.getKey(), entry.getValue());
        }
    }

    private void applyConfirmed(JsonNode batch) throws JsonProcessingException {
        long seq = batch.get("seq").asLong();
        if (seq != lastSeq + 1) {
            failures.add(userId + " expected seq " + (lastSeq + 1) + " but got " + seq);
            return;
        }
        List<Op> ops = JsonCodec.MAPPER.convertValue(batch.get("ops"), OP_LIST);
        if (batch.get("author").asText().equals(userId)) {
            pending.remove(batch.get("batch").asText());
        }
        apply(seq, ops);
    }

    private void onAck(JsonNode ack) {
        String batchId = ack.get("batch").asText();
        if (ack.path("duplicate").asBoolean()) {
            pending.remove(batchId);
            return;
        }
        List<Op> ops = pending.remove(batchId);
        long seq = ack.get("seq").asLong();
        if (ops == null) {
            failures.add(userId + " got an ack for unknown batch " + batchId + " at seq " + seq);
            return;
        }
        if (seq != lastSeq + 1) {
            failures.add(userId + " expected ack seq " + (lastSeq + 1) + " but got " + seq + " for " + batchId);
            return;
        }
        acked.put(seq, batchId);
        apply(seq, ops);
    }

    private void apply(long seq, List<Op> ops) {
        BatchResult result = confirmed.apply(ops);
        if (!result.applied()) {
            failures.add(userId + " could not apply seq " + seq + ": " + result.violations());
        }
        lastSeq = seq;
    }

    private void onRejected(JsonNode rejected) {
        String code = rejected.get("code").asText();
        switch (code) {
            case "invalid" -> {
                pending.remove(rejected.get("batch").asText());
                rejectedBatches++;
            }
            case "rate-limited", "restarting" -> retry.add(rejected.get("batch").asText());
            default -> failures.add(userId + " got rejected " + rejected);
        }
    }
}
