package io.pixelcraft.projects.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import io.pixelcraft.api.document.Node;
import io.pixelcraft.api.document.Op;
import io.pixelcraft.api.document.OpOutcome;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/** Request and response bodies of the project routes. */
final class Views {

    private Views() {
    }

    /**
     * A project as the API returns it.
     *
     * @param role      the caller's role
     * @param deletedAt when it went to the trash, or {@code null}
     * @param purgeAt   when it leaves the trash for good, or {@code null} when it is live
     */
    record ProjectView(String id, String name, String ownerId, String role, Instant createdAt, Instant updatedAt,
            Instant deletedAt, Instant purgeAt, String thumbnail, long revision) {
    }

    record MemberView(String userId, String role) {
    }

    /** A new project; a canvas size left out takes the configured default, and JSON null is rejected. */
    record CreateProject(String name, @JsonDeserialize(using = CanvasSize.class) Double width,
            @JsonDeserialize(using = CanvasSize.class) Double height) {
    }

    /**
     * Deserializer of a canvas size that distinguishes a field left out (the default applies) from an
     * explicit JSON null, which the web bundle reports with rule "required".
     */
    static final class CanvasSize extends StdDeserializer<Double> {

        private static final long serialVersionUID = 1L;

        CanvasSize() {
            super(Double.class);
        }

        @Override
        public Double deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            // Jackson's own Double deserializer, with the mapper's coercion rules.
            return context.readValue(parser, Double.class);
        }

        @Override
        public Double getNullValue(DeserializationContext context) throws JsonMappingException {
            throw InvalidNullException.from(context, null, context.constructType(Double.class));
        }

        @Override
        public Object getAbsentValue(DeserializationContext context) {
            return null;
        }
    }

    record PatchProject(String name, String thumbnail) {
    }

    record PutMember(String role) {
    }

    record OpBatch(List<Op> ops) {
    }

    record BatchView(long revision, List<OpOutcome> outcomes) {
    }

    record DocumentView(String projectId, long revision, List<Node> nodes) {
    }
}
