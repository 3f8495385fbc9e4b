package io.pixelcraft.versions.internal;

import static io.pixelcraft.versions.internal.VersionTestSupport.PROJECT;
import static io.pixelcraft.versions.internal.VersionTestSupport.rect;
import static io.pixelcraft.versions.internal.VersionTestSupport.set;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pixelcraft.api.web.ProjectRole;
import io.pixelcraft.testing.TestDispatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class VersionRoutesTest {

    private static final String VERSIONS = "/api/projects/" + PROJECT + "/versions";
    private static final Map<String, ProjectRole> ROLES = Map.of(
            "viewer", ProjectRole.VIEWER, "editor", ProjectRole.EDITOR, "owner", ProjectRole.OWNER);

    private final VersionTestSupport t = new VersionTestSupport();
    private final TestDispatcher api = new TestDispatcher(new VersionRoutes(t.service, id -> List.of()).routes(),
            (userId, projectId) -> PROJECT.equals(projectId) ? Optional.ofNullable(ROLES.get(userId)) : Optional.empty());

    @AfterEach
    void close() {
        t.close();
    }

    private long name(String label) {
        TestDispatcher.Result result = api.call("editor", "POST", VERSIONS, Map.of("label", label));
        assertThat(result.status()).isEqualTo(201);
        return result.json().get("number").asLong();
    }

    @Test
    void listsNewestFirstInPages() {
        t.apply(rect("a"));
        List<Long> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            t.apply(set("a", "x", (double) i));
            created.add(name("v" + i));
        }

        List<Long> listed = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            TestDispatcher.Result page = api.call("viewer", "GET",
                    VERSIONS + "?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), null);
            assertThat(page.status()).isEqualTo(200);
            page.json().get("items").forEach(item -> listed.add(item.get("number").asLong()));
            JsonNode next = page.json().get("next");
            cursor = next == null || next.isNull() ? null : next.asText();
            pages++;
        } while (cursor != null);

        assertThat(listed).containsExactly(5L, 4L, 3L, 2L, 1L);
        assertThat(pages).isEqualTo(3);
        assertThat(created).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void enforcesRoles() {
        t.apply(rect("a"));
        long number = name("first");
        String one = VERSIONS + "/" + number;

        assertThat(api.call("viewer", "GET", one + "/document", null).status()).isEqualTo(200);
        assertThat(api.call("viewer", "POST", VERSIONS, Map.of("label", "x")).status()).isEqualTo(403);
        assertThat(api.call("viewer", "POST", one + "/restore", null).status()).isEqualTo(403);
        assertThat(api.call("editor", "DELETE", one, null).status()).isEqualTo(403);
        assertThat(api.call("stranger", "GET", VERSIONS, null).status()).isEqualTo(404);
        assertThat(api.call("editor", "PATCH", one, Map.of("label", "renamed")).json().get("label").asText())
                .isEqualTo("renamed");
        assertThat(api.call("owner", "DELETE", one, null).status()).isEqualTo(204);
        assertThat(api.call("viewer", "GET", one + "/document", null).status()).isEqualTo(404);
    }

    @Test
    void rejectsInvalidInput() {
        assertThat(api.call("editor", "POST", VERSIONS, Map.of()).error().violations().get(0).field()).isEqualTo("label");
        assertThat(api.call("editor", "POST", VERSIONS, Map.of("label", " ")).status()).isEqualTo(400);
        assertThat(api.call("editor", "POST", VERSIONS, Map.of("label", "x".repeat(101))).status()).isEqualTo(400);
        assertThat(api.call("viewer", "GET", VERSIONS + "/000000000000000000000000/document", null).status())
                .isEqualTo(400);
        assertThat(api.call("viewer", "GET", VERSIONS + "/abc/document", null).status()).isEqualTo(400);
        assertThat(api.call("viewer", "GET", VERSIONS + "/99/document", null).status()).isEqualTo(404);
        assertThat(api.call("viewer", "GET", VERSIONS + "?cursor=bogus", null).status()).isEqualTo(400);
    }

    @Test
    void restoresAndDiffs() {
        t.apply(rect("a", "x", 1.0));
        long first = name("first");
        t.apply(set("a", "x", 2.0), rect("b"));
        long second = name("second");

        TestDispatcher.Result diff = api.call("viewer", "GET", VERSIONS + "/" + second + "/diff?against=" + first, null);
        assertThat(diff.status()).isEqualTo(200);
        assertThat(diff.json().get("added").get(0).get("id").asText()).isEqualTo("b");
        assertThat(diff.json().get("changed").get(0).get("properties").get(0).asText()).isEqualTo("x");
        assertThat(diff.json().get("removed")).isEmpty();

        TestDispatcher.Result restore = api.call("editor", "POST", VERSIONS + "/" + first + "/restore", null);
        assertThat(restore.status()).isEqualTo(200);
        assertThat(restore.json().get("restored").get("restoredFrom").asLong()).isEqualTo(first);
        assertThat(restore.json().get("revision").asLong()).isEqualTo(t.documents.load(PROJECT).revision());

        TestDispatcher.Result againstCurrent = api.call("viewer", "GET", VERSIONS + "/" + second + "/diff", null);
        assertThat(againstCurrent.json().get("against").isNull()).isTrue();
        assertThat(againstCurrent.json().get("added").get(0).get("id").asText()).isEqualTo("b");

        TestDispatcher.Result thumbnail = api.call("viewer", "GET", VERSIONS + "/" + first + "/thumbnail", null);
        assertThat(thumbnail.headers()).containsEntry("Content-Type", "image/png");
        assertThat(thumbnail.bytes()).startsWith(0x89, 'P', 'N', 'G');
    }
}
