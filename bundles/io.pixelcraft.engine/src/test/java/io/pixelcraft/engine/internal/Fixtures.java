package io.pixelcraft.engine.internal;

import io.pixelcraft.api.document.Document;
import io.pixelcraft.api.document.EngineLimits;
import io.pixelcraft.api.document.NodeType;
import io.pixelcraft.api.document.Op;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Shared helpers: documents, ops and property maps that may contain nulls. */
final class Fixtures {

    private static final AtomicInteger OP_IDS = new AtomicInteger();

    private Fixtures() {
    }

    static Engine engine() {
        return new Engine(EngineLimits.DEFAULTS);
    }

    static Document document() {
        return engine().create(200, 100);
    }

    /** Builds a property map from name, value pairs; values may be null. */
    static Map<String, Object> props(Object... namesAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return map;
    }

    static String opId() {
        return "op-" + OP_IDS.incrementAndGet();
    }

    static Op create(String id, NodeType type, String parent, Object... props) {
        return Op.create(opId(), id, type, parent, props(props));
    }

    static Op set(String id, Object... props) {
        return Op.set(opId(), id, props(props));
    }

    static List<String> childIds(Document document, String parent) {
        return document.children(parent).stream().map(n -> n.id()).toList();
    }
}
