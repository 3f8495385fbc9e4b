package io.pixelcraft.projects.internal;

import io.pixelcraft.api.document.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/** Converts ops to and from the BSON documents of the op log. */
final class OpCodec {

    private OpCodec() {
    }

    static List<Document> encode(List<Op> ops) {
        List<Document> result = new ArrayList<>(ops.size());
        for (Op op : ops) {
            Document document = new Document("kind", op.kind()).append("opId", op.opId()).append("node", op.node());
            putIfPresent(document, "type", op.type());
            putIfPresent(document, "parent", op.parent());
            putIfPresent(document, "index", op.index());
            putIfPresent(document, "key", op.key());
            if (op.props() != null) {
                // A null value means "reset", so it is stored as a BSON null rather than left out.
                document.append("props", new Document(op.props()));
            }
            result.add(document);
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    static List<Op> decode(List<Document> documents) {
        List<Op> result = new ArrayList<>(documents.size());
        for (Document document : documents) {
            result.add(new Op(document.getString("kind"), document.getString("opId"), document.getString("node"),
                    document.getString("type"), document.getString("parent"), document.getInteger("index"),
                    document.getString("key"), (Map<String, Object>) document.get("props")));
        }
        return result;
    }

    private static void putIfPresent(Document document, String name, Object value) {
        if (value != null) {
            document.append(name, value);
        }
    }
}
