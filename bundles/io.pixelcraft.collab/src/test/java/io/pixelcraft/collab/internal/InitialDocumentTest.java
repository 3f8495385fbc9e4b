package io.pixelcraft.collab.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixelcraft.api.document.Document;
import io.pixelcraft.api.document.NodeType;
import io.pixelcraft.api.document.Op;
import io.pixelcraft.api.project.ProjectNotFoundException;
import io.pixelcraft.api.web.ProjectRole;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A room without a collaboration snapshot starts from the projects bundle's document. */
class InitialDocumentTest {

    @Test
    void roomStartsFromProjectDocument() throws Exception {
        Document stored = new TreeDocumentEngine().create(640, 480);
        stored.apply(List.of(Op.create("c1", "r1", NodeType.RECT, "root", Map.of("x", 5.0))));
        try (TestServer server = new TestServer(CollabSettings.DEFAULTS, new InMemoryOpLog())) {
            server.manager.setInitialDocument(projectId -> {
                if (projectId.equals("trashed")) {
                    throw new ProjectNotFoundException(projectId);
                }
                return stored.snapshot();
            });
            server.grant("p1", "alice", ProjectRole.EDITOR);
            server.grant("trashed", "alice", ProjectRole.EDITOR);

            TestClient alice = TestClient.connect(server.uri("p1"), "alice");
            alice.send("{\"type\":\"join\",\"protocol\":1}");
            TestClient late = TestClient.connect(server.uri("trashed"), "alice");
            late.send("{\"type\":\"join\",\"protocol\":1}");

            assertThat(alice.next("welcome").at("/snapshot/nodes/1/id").asText()).isEqualTo("r1");
            assertThat(late.awaitClose().code()).isEqualTo(CloseCodes.PROJECT_NOT_FOUND);
            alice.abort();
        }
    }
}
