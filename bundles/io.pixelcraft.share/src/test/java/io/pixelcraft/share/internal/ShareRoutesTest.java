package io.pixelcraft.share.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.model.Filters;
import io.pixelcraft.api.image.ImageReference;
import io.pixelcraft.api.mail.MailMessage;
import io.pixelcraft.api.mail.MailService;
import io.pixelcraft.api.web.ProjectRole;
import io.pixelcraft.testing.FakeImageStore;
import io.pixelcraft.testing.MutableClock;
import io.pixelcraft.testing.TestDispatcher;
import io.pixelcraft.testing.TestStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The share routes against a real MongoDB wire server, with projects, images and mail in memory.
 * Several tests are regressions for the flaws of a naive share endpoint: raw ids, no rights
 * check, a creator taken from the body, a token built from a credential, misspelled fields.
 */
class ShareRoutesTest {

    static final String PROJECT = "665f1c2b9d3e4a0012345678";
    static final String UNKNOWN_PROJECT = "665f1c2b9d3e4a00ffffffff";
    static final String SECOND_PROJECT = "665f1c2b9d3e4a0087654321";
    static final String IMAGE = "a".repeat(64);
    static final String PRIVATE_IMAGE = "b".repeat(64);
    static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

    private TestStorage storage;
    private MutableClock clock;
    private FakeProjects projects;
    private FakeImageStore images;
    private ShareService shares;
    private final List<MailMessage> sent = new ArrayList<>();
    private TestDispatcher api;

    @BeforeEach
    void start() {
        storage = new TestStorage();
        clock = new MutableClock(START);
        projects = new FakeProjects();
        projects.add(PROJECT, "Poster", IMAGE, Map.of("olga", ProjectRole.OWNER, "ed", ProjectRole.EDITOR, "vic", ProjectRole.VIEWER));
        images = new FakeImageStore();
        images.add(IMAGE, "olga", "poster.png", ImageReference.project(PROJECT));
        images.projectAccess(projects);
        images.add(PRIVATE_IMAGE, "olga", "private.png");
        ShareRepository repository = new ShareRepository(storage);
        repository.createIndexes();
        shares = new ShareService(repository, projects, images, projects, clock, Duration.ofDays(365), "https://pixelcraft.example.com");
        MailService mail = message -> {
            sent.add(message);
            return "outbox-" + sent.size();
        };
        InvitationLimiter limiter = new InvitationLimiter(3, Duration.ofHours(1), clock);
        api = new TestDispatcher(new ShareRoutes(shares, projects, () -> mail, limiter, Duration.ofDays(14)).routes());
        api.user("olga", "Olga Owner");
        api.user("ed", "Ed Editor");
        api.user("vic", "Vic Viewer");
        api.user("otto", "Otto Outsider");
        api.admin("ada");
    }

    @AfterEach
    void stop() {
        storage.close();
    }

    private TestDispatcher.Result createLink(String userId, String role) {
        return api.call(userId, "POST", "/api/projects/" + PROJECT + "/shares", Map.of("role", role));
    }

    private static String tokenOf(TestDispatcher.Result created) {
        String url = created.json().get("url").asText();
        return url.substring(url.lastIndexOf('/') + 1);
    }

    private List<Document> storedShares() {
        return storage.database().getCollection(ShareRepository.COLLECTION).find().into(new ArrayList<>());
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        Iterator<String> iterator = node.fieldNames();
        iterator.forEachRemaining(names::add);
        return names;
    }

    @Test
    void editorCreatesLinkWithTokenOnce() {
        TestDispatcher.Result created = createLink("ed", "viewer");

        assertThat(created.status()).isEqualTo(201);
        String token = tokenOf(created);
        assertThat(created.json().get("url").asText()).isEqualTo("https://pixelcraft.example.com/s/" + token);
        assertThat(token).matches("[A-Za-z0-9_-]{43}");
        JsonNode share = created.json().get("share");
        assertThat(share.get("role").asText()).isEqualTo("viewer");
        assertThat(share.get("createdBy").asText()).isEqualTo("ed");
        assertThat(share.get("active").asBoolean()).isTrue();

        TestDispatcher.Result listed = api.call("olga", "GET", "/api/projects/" + PROJECT + "/shares", null);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.json().get("items")).hasSize(1);
        assertThat(listed.json().toString()).doesNotContain(token);
    }

    @Test
    void tokenStoredOnlyAsHash() {
        String token = tokenOf(createLink("olga", "editor"));

        List<Document> stored = storedShares();
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).getString("tokenHash")).isEqualTo(ShareTokens.hash(token));
        assertThat(stored.get(0).toJson()).doesNotContain(token);
    }

    @Test
    void tokenNotDerivedFromCredential() {
        TestDispatcher.Result first = createLink("olga", "viewer");
        TestDispatcher.Result second = createLink("olga", "viewer");

        String token = tokenOf(first);
        assertThat(token).isNotEqualTo(tokenOf(second));
        assertThat(Base64.getUrlDecoder().decode(token)).hasSize(32);
        String url = first.json().get("url").asText();
        assertThat(url).doesNotContain("pat-olga");
        assertThat(url).doesNotContain("olga");
        assertThat(url).doesNotContain("?");
    }

    @Test
    void responseFieldNamesMatchDocumentation() {
        TestDispatcher.Result created = createLink("olga", "viewer");

        assertThat(fieldNames(created.json())).containsExactlyInAnyOrder("share", "url");
        assertThat(fieldNames(created.json().get("share"))).containsExactlyInAnyOrder("id", "targetType", "targetId", "role",
                "createdBy", "createdAt", "expiresAt", "revokedAt", "active", "invitedEmail", "projectId");
        assertThat(created.json().toString()).doesNotContain("sucess");
    }

    @Test
    void malformedProjectIdIsBadRequest() {
        for (String id : List.of("42", "665F1C2B9D3E4A0012345678", "665f1c2b9d3e4a001234567z", "..%2F..")) {
            TestDispatcher.Result result = api.call("olga", "POST", "/api/projects/" + id + "/shares", Map.of("role", "viewer"));
            assertThat(result.status()).as("project id %s", id).isEqualTo(400);
            assertThat(result.error().violations().get(0).field()).isEqualTo("id");
        }
    }

    @Test
    void unknownProjectIsNotFound() {
        TestDispatcher.Result result = api.call("olga", "POST", "/api/projects/" + UNKNOWN_PROJECT + "/shares", Map.of("role", "viewer"));

        assertThat(result.status()).isEqualTo(404);
    }

    @Test
    void callerWithoutRightsIsRejected() {
        assertThat(createLink("otto", "viewer").status()).as("outsider").isEqualTo(404);
        assertThat(createLink("ada", "viewer").status()).as("admin without membership").isEqualTo(404);
        assertThat(createLink("vic", "viewer").status()).as("viewer").isEqualTo(403);
        assertThat(createLink(null, "viewer").status()).as("anonymous").isEqualTo(401);
        assertThat(api.call("vic", "GET", "/api/projects/" + PROJECT + "/shares", null).status()).as("viewer lists").isEqualTo(403);
        assertThat(storedShares()).isEmpty();
    }

    @Test
    void linkNeverGrantsOwner() {
        TestDispatcher.Result result = createLink("olga", "owner");

        assertThat(result.status()).isEqualTo(400);
        assertThat(result.error().violations().get(0).field()).isEqualTo("role");
    }

    @Test
    void editorCannotGrantAboveOwnRole() {
        ShareService.Created created = null;
        try {
            created = shares.createProjectShare(api.user("ed", "Ed Editor"), ProjectRole.VIEWER, PROJECT, ProjectRole.EDITOR, null, null);
        } catch (io.pixelcraft.api.web.ApiException e) {
            assertThat(e.status()).isEqualTo(403);
        }
        assertThat(created).isNull();
    }

    @Test
    void creatorFromBodyIsRejected() {
        Map<String, Object> body = new HashMap<>();
        body.put("role", "editor");
        body.put("sharedBy", "olga");

        TestDispatcher.Result result = api.call("ed", "POST", "/api/projects/" + PROJECT + "/shares", body);

        assertThat(result.status()).isEqualTo(400);
        assertThat(storedShares()).isEmpty();
    }

    @Test
    void creatorIsAuthenticatedCaller() {
        createLink("ed", "viewer");

        assertThat(storedShares().get(0).getString("createdBy")).isEqualTo("ed");
    }

    @Test
    void expiryMustBeFutureAndBounded() {
        String path = "/api/projects/" + PROJECT + "/shares";
        TestDispatcher.Result past = api.call("olga", "POST", path, Map.of("role", "viewer", "expiresAt", START.minusSeconds(1).toString()));
        TestDispatcher.Result far = api.call("olga", "POST", path, Map.of("role", "viewer", "expiresAt", START.plus(Duration.ofDays(400)).toString()));
        TestDispatcher.Result ok = api.call("olga", "POST", path, Map.of("role", "viewer", "expiresAt", START.plus(Duration.ofDays(7)).toString()));

        assertThat(past.status()).isEqualTo(400);
        assertThat(past.error().violations().get(0).rule()).isEqualTo("future");
        assertThat(far.status()).isEqualTo(400);
        assertThat(far.error().violations().get(0).rule()).isEqualTo("range");
        assertThat(ok.status()).isEqualTo(201);
        assertThat(ok.json().get("share").get("expiresAt").asText()).isEqualTo("2030-01-08T00:00:00Z");
    }

    @Test
    void revokeTakesEffectAtOnce() {
        TestDispatcher.Result created = createLink("ed", "editor");
        String shareId = created.json().get("share").get("id").asText();
        String token = tokenOf(created);

        TestDispatcher.Result revoked = api.call("ed", "DELETE", "/api/projects/" + PROJECT + "/shares/" + shareId, null);

        assertThat(revoked.status()).isEqualTo(204);
        assertThat(shares.resolve(token).orElseThrow().activeAt(clock.instant())).isFalse();
        TestDispatcher.Result accept = api.call("otto", "POST", "/api/shares/accept", Map.of("token", token));
        assertThat(accept.status()).isEqualTo(410);
        JsonNode listed = api.call("olga", "GET", "/api/projects/" + PROJECT + "/shares", null).json().get("items").get(0);
        assertThat(listed.get("active").asBoolean()).isFalse();
        assertThat(listed.get("revokedAt").asText()).isEqualTo(START.toString());
    }

    @Test
    void editorRevokesOnlyOwnLinks() {
        String ownerLink = createLink("olga", "viewer").json().get("share").get("id").asText();

        TestDispatcher.Result byEditor = api.call("ed", "DELETE", "/api/projects/" + PROJECT + "/shares/" + ownerLink, null);
        TestDispatcher.Result byOwner = api.call("olga", "DELETE", "/api/projects/" + PROJECT + "/shares/" + ownerLink, null);

        assertThat(byEditor.status()).isEqualTo(403);
        assertThat(byOwner.status()).isEqualTo(204);
    }

    @Test
    void revokeValidatesShareId() {
        String base = "/api/projects/" + PROJECT + "/shares/";

        assertThat(api.call("olga", "DELETE", base + "not-an-id", null).status()).isEqualTo(400);
        assertThat(api.call("olga", "DELETE", base + "0".repeat(32), null).status()).isEqualTo(404);
    }

    @Test
    void revokeRejectsLinkOfOtherProject() {
        String other = "665f1c2b9d3e4a0087654321";
        projects.add(other, "Other", null, Map.of("olga", ProjectRole.OWNER));
        String shareId = api.call("olga", "POST", "/api/projects/" + other + "/shares", Map.of("role", "viewer"))
                .json().get("share").get("id").asText();

        TestDispatcher.Result result = api.call("olga", "DELETE", "/api/projects/" + PROJECT + "/shares/" + shareId, null);

        assertThat(result.status()).isEqualTo(404);
    }

    @Test
    void acceptJoinsWithLinkRole() {
        String token = tokenOf(createLink("ed", "editor"));

        TestDispatcher.Result accepted = api.call("otto", "POST", "/api/shares/accept", Map.of("token", token));

        assertThat(accepted.status()).isEqualTo(200);
        assertThat(accepted.json().get("projectId").asText()).isEqualTo(PROJECT);
        assertThat(accepted.json().get("role").asText()).isEqualTo("editor");
        assertThat(projects.members(PROJECT)).containsEntry("otto", ProjectRole.EDITOR);
    }

    @Test
    void acceptWithoutTokenIsRequired() {
        for (Map<String, Object> body : List.of(Collections.<String, Object>singletonMap("token", null), Map.<String, Object>of())) {
            TestDispatcher.Result result = api.call("otto", "POST", "/api/shares/accept", body);

            assertThat(result.status()).as(body.toString()).isEqualTo(400);
            assertThat(result.error().violations()).singleElement().satisfies(v -> {
                assertThat(v.field()).isEqualTo("token");
                assertThat(v.rule()).isEqualTo("required");
            });
        }
    }

    @Test
    void acceptNeverLowersRole() {
        String token = tokenOf(createLink("olga", "viewer"));

        TestDispatcher.Result accepted = api.call("olga", "POST", "/api/shares/accept", Map.of("token", token));

        assertThat(accepted.json().get("role").asText()).isEqualTo("owner");
        assertThat(projects.members(PROJECT)).containsEntry("olga", ProjectRole.OWNER);
    }

    @Test
    void acceptRejectsBadTokens() {
        assertThat(api.call("otto", "POST", "/api/shares/accept", Map.of("token", "short")).status()).isEqualTo(400);
        assertThat(api.call("otto", "POST", "/api/shares/accept", Map.of("token", ShareTokens.newToken())).status()).isEqualTo(404);
        assertThat(api.call(null, "POST", "/api/shares/accept", Map.of("token", ShareTokens.newToken())).status()).isEqualTo(401);
    }

    @Test
    void acceptAfterExpiryIsGone() {
        String token = tokenOf(api.call("olga", "POST", "/api/projects/" + PROJECT + "/shares",
                Map.of("role", "editor", "expiresAt", START.plus(Duration.ofHours(1)).toString())));
        clock.advance(Duration.ofHours(1));

        TestDispatcher.Result accepted = api.call("otto", "POST", "/api/shares/accept", Map.of("token", token));

        assertThat(accepted.status()).isEqualTo(410);
        assertThat(projects.members(PROJECT)).doesNotContainKey("otto");
    }

    @Test
    void editorPublishesProjectImage() {
        TestDispatcher.Result byEditor = api.call("ed", "POST", "/api/images/" + IMAGE + "/shares", Map.of());

        assertThat(byEditor.status()).isEqualTo(201);
        JsonNode share = byEditor.json().get("share");
        assertThat(share.get("targetType").asText()).isEqualTo("image");
        assertThat(share.get("role").asText()).isEqualTo("viewer");
        assertThat(share.get("projectId").asText()).isEqualTo(PROJECT);
        assertThat(share.get("active").asBoolean()).isTrue();
        ImageReference reference = new ImageReference(ImageReference.Kind.SHARE, share.get("id").asText());
        assertThat(images.references(IMAGE)).contains(reference);

        String shareId = share.get("id").asText();
        assertThat(api.call("ed", "DELETE", "/api/images/" + IMAGE + "/shares/" + shareId, null).status()).isEqualTo(204);
        assertThat(images.references(IMAGE)).doesNotContain(reference);
    }

    @Test
    void viewerCannotPublishImage() {
        TestDispatcher.Result plain = api.call("vic", "POST", "/api/images/" + IMAGE + "/shares", Map.of());
        TestDispatcher.Result named = api.call("vic", "POST", "/api/images/" + IMAGE + "/shares", Map.of("projectId", PROJECT));

        assertThat(plain.status()).isEqualTo(403);
        assertThat(named.status()).isEqualTo(403);
        assertThat(named.error().detail()).contains("editor or owner role");
        assertThat(storedShares()).isEmpty();
    }

    @Test
    void uploaderLinkHasNoProject() {
        TestDispatcher.Result created = api.call("olga", "POST", "/api/images/" + PRIVATE_IMAGE + "/shares", Map.of());

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("share").get("projectId").isNull()).isTrue();
        assertThat(created.json().get("share").get("active").asBoolean()).isTrue();
    }

    @Test
    void imageShareProjectIdIsChecked() {
        projects.add(SECOND_PROJECT, "Flyer", null, Map.of("ed", ProjectRole.EDITOR, "otto", ProjectRole.OWNER));
        String path = "/api/images/" + IMAGE + "/shares";

        TestDispatcher.Result notContained = api.call("ed", "POST", path, Map.of("projectId", SECOND_PROJECT));
        TestDispatcher.Result notMember = api.call("vic", "POST", path, Map.of("projectId", SECOND_PROJECT));
        TestDispatcher.Result malformed = api.call("ed", "POST", path, Map.of("projectId", "../x"));

        assertThat(notContained.status()).isEqualTo(400);
        assertThat(notContained.error().violations().get(0).field()).isEqualTo("projectId");
        assertThat(notMember.status()).isEqualTo(404);
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(storedShares()).isEmpty();
    }

    @Test
    void severalProjectsNeedProjectId() {
        projects.add(SECOND_PROJECT, "Flyer", null, Map.of("ed", ProjectRole.EDITOR));
        images.link(IMAGE, ImageReference.project(SECOND_PROJECT));
        String path = "/api/images/" + IMAGE + "/shares";

        TestDispatcher.Result ambiguous = api.call("ed", "POST", path, Map.of());
        TestDispatcher.Result named = api.call("ed", "POST", path, Map.of("projectId", SECOND_PROJECT));

        assertThat(ambiguous.status()).isEqualTo(400);
        assertThat(ambiguous.error().violations().get(0).field()).isEqualTo("projectId");
        assertThat(named.status()).isEqualTo(201);
        assertThat(named.json().get("share").get("projectId").asText()).isEqualTo(SECOND_PROJECT);
    }

    @Test
    void imageLinkFollowsCreatorsAccess() {
        TestDispatcher.Result created = api.call("ed", "POST", "/api/images/" + IMAGE + "/shares", Map.of());
        ShareRecord share = shares.resolve(tokenOf(created)).orElseThrow();
        assertThat(shares.opensNow(share)).as("while editor").isTrue();

        projects.setRole(PROJECT, "ed", null);

        assertThat(shares.opensNow(share)).as("after removal").isFalse();
        JsonNode listed = api.call("olga", "GET", "/api/images/" + IMAGE + "/shares", null).json().get("items");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("active").asBoolean()).isFalse();
        projects.setRole(PROJECT, "ed", ProjectRole.EDITOR);
        images.unlink(IMAGE, ImageReference.project(PROJECT));
        assertThat(shares.opensNow(share)).as("image left the project").isFalse();
    }

    @Test
    void projectManagesItsImageLinks() {
        projects.setRole(PROJECT, "edna", ProjectRole.EDITOR);
        api.user("edna", "Edna Editor");
        String shareId = api.call("ed", "POST", "/api/images/" + IMAGE + "/shares", Map.of()).json().get("share").get("id").asText();
        ImageReference reference = new ImageReference(ImageReference.Kind.SHARE, shareId);

        JsonNode projectList = api.call("olga", "GET", "/api/projects/" + PROJECT + "/shares", null).json().get("items");
        JsonNode imageList = api.call("edna", "GET", "/api/images/" + IMAGE + "/shares", null).json().get("items");
        TestDispatcher.Result byViewer = api.call("vic", "DELETE", "/api/images/" + IMAGE + "/shares/" + shareId, null);
        TestDispatcher.Result byEditor = api.call("edna", "DELETE", "/api/projects/" + PROJECT + "/shares/" + shareId, null);

        assertThat(projectList).hasSize(1);
        assertThat(projectList.get(0).get("targetType").asText()).isEqualTo("image");
        assertThat(projectList.get(0).get("projectId").asText()).isEqualTo(PROJECT);
        assertThat(imageList).hasSize(1);
        assertThat(byViewer.status()).isEqualTo(404);
        assertThat(byEditor.status()).isEqualTo(204);
        assertThat(images.references(IMAGE)).doesNotContain(reference);
        Document stored = storage.database().getCollection(ShareRepository.COLLECTION).find(Filters.eq("_id", shareId)).first();
        assertThat(stored.getDate("revokedAt")).isNotNull();
    }

    @Test
    void imageShareHidesInvisibleImages() {
        assertThat(api.call("otto", "POST", "/api/images/" + IMAGE + "/shares", Map.of()).status()).as("outsider").isEqualTo(404);
        assertThat(api.call("ed", "POST", "/api/images/" + PRIVATE_IMAGE + "/shares", Map.of()).status()).as("private").isEqualTo(404);
        assertThat(api.call("ed", "POST", "/api/images/" + "c".repeat(64) + "/shares", Map.of()).status()).as("unknown").isEqualTo(404);
        assertThat(api.call("ed", "POST", "/api/images/not-a-hash/shares", Map.of()).status()).as("malformed").isEqualTo(400);
        assertThat(api.call("ada", "POST", "/api/images/" + PRIVATE_IMAGE + "/shares", Map.of()).status()).as("admin").isEqualTo(403);
        assertThat(api.call("olga", "POST", "/api/images/" + PRIVATE_IMAGE + "/shares", Map.of()).status()).as("uploader").isEqualTo(201);
    }

    @Test
    void imageShareRejectsRoleField() {
        TestDispatcher.Result result = api.call("ed", "POST", "/api/images/" + IMAGE + "/shares", Map.of("role", "editor"));

        assertThat(result.status()).isEqualTo(400);
    }

    @Test
    void imageLinkDoesNotJoinProjects() {
        String token = tokenOf(api.call("ed", "POST", "/api/images/" + IMAGE + "/shares", Map.of()));

        assertThat(api.call("otto", "POST", "/api/shares/accept", Map.of("token", token)).status()).isEqualTo(409);
        assertThat(projects.members(PROJECT)).doesNotContainKey("otto");
    }

    @Test
    void imageSharesListedForManagers() {
        api.call("ed", "POST", "/api/images/" + IMAGE + "/shares", Map.of());
        api.call("olga", "POST", "/api/images/" + IMAGE + "/shares", Map.of());

        assertThat(api.call("ed", "GET", "/api/images/" + IMAGE + "/shares", null).json().get("items")).as("editor").hasSize(1);
        assertThat(api.call("olga", "GET", "/api/images/" + IMAGE + "/shares", null).json().get("items")).as("owner").hasSize(2);
        assertThat(api.call("vic", "GET", "/api/images/" + IMAGE + "/shares", null).json().get("items")).as("viewer").isEmpty();
        assertThat(api.call("ada", "GET", "/api/images/" + IMAGE + "/shares", null).json().get("items")).as("admin").hasSize(2);
    }

    @Test
    void invitationMailsLinkFromCaller() {
        TestDispatcher.Result invited = api.call("ed", "POST", "/api/projects/" + PROJECT + "/invitations",
                Map.of("email", " Ann@Example.COM ", "role", "editor", "message", "Look"));

        assertThat(invited.status()).isEqualTo(201);
        assertThat(fieldNames(invited.json())).containsExactlyInAnyOrder("id", "email", "role", "createdBy", "createdAt", "expiresAt");
        assertThat(invited.json().get("email").asText()).isEqualTo("ann@example.com");
        assertThat(invited.json().get("createdBy").asText()).isEqualTo("ed");
        assertThat(invited.json().get("expiresAt").asText()).isEqualTo(START.plus(Duration.ofDays(14)).toString());
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).to()).isEqualTo("ann@example.com");
        assertThat(sent.get(0).subject()).isEqualTo("Ed Editor invited you to Poster on PixelCraft");
        assertThat(sent.get(0).text()).contains("https://pixelcraft.example.com/s/");
    }

    @Test
    void invitationSenderFromBodyIsRejected() {
        Map<String, Object> body = new HashMap<>(Map.of("email", "ann@example.com", "role", "viewer"));
        body.put("from", "olga@example.test");

        TestDispatcher.Result result = api.call("ed", "POST", "/api/projects/" + PROJECT + "/invitations", body);

        assertThat(result.status()).isEqualTo(400);
        assertThat(sent).isEmpty();
    }

    @Test
    void invitationValidatesFields() {
        String path = "/api/projects/" + PROJECT + "/invitations";
        Map<String, Map<String, Object>> cases = Map.of(
                "email", Map.of("email", "not an address", "role", "viewer"),
                "role", Map.of("email", "ann@example.com", "role", "owner"),
                "message", Map.of("email", "ann@example.com", "role", "viewer", "message", "x".repeat(1001)),
                "language", Map.of("email", "ann@example.com", "role", "viewer", "language", "fr"));
        cases.forEach((field, body) -> {
            TestDispatcher.Result result = api.call("olga", "POST", path, body);
            assertThat(result.status()).as(field).isEqualTo(400);
            assertThat(result.error().violations().get(0).field()).as(field).isEqualTo(field);
        });
        assertThat(api.call("vic", "POST", path, Map.of("email", "ann@example.com", "role", "viewer")).status()).isEqualTo(403);
        assertThat(api.call("otto", "POST", path, Map.of("email", "ann@example.com", "role", "viewer")).status()).isEqualTo(404);
        assertThat(sent).isEmpty();
    }

    @Test
    void invitationJoinsInvitedAddressOnly() {
        api.call("olga", "POST", "/api/projects/" + PROJECT + "/invitations", Map.of("email", "otto@example.test", "role", "editor"));
        String link = sent.get(0).text().lines().filter(line -> line.contains("/s/")).findFirst().orElseThrow();
        String token = link.substring(link.lastIndexOf('/') + 1).trim();

        TestDispatcher.Result wrongUser = api.call("vic", "POST", "/api/shares/accept", Map.of("token", token));
        TestDispatcher.Result invited = api.call("otto", "POST", "/api/shares/accept", Map.of("token", token));

        assertThat(wrongUser.status()).isEqualTo(403);
        assertThat(invited.status()).isEqualTo(200);
        assertThat(projects.members(PROJECT)).containsEntry("otto", ProjectRole.EDITOR);
    }

    @Test
    void invitationsRateLimitedPerSender() {
        String path = "/api/projects/" + PROJECT + "/invitations";
        for (int i = 0; i < 3; i++) {
            assertThat(api.call("ed", "POST", path, Map.of("email", "r" + i + "@example.com", "role", "viewer")).status()).isEqualTo(201);
        }

        TestDispatcher.Result limited = api.call("ed", "POST", path, Map.of("email", "r4@example.com", "role", "viewer"));
        TestDispatcher.Result otherSender = api.call("olga", "POST", path, Map.of("email", "r5@example.com", "role", "viewer"));

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.headers()).containsEntry("Retry-After", "3601");
        assertThat(otherSender.status()).isEqualTo(201);
        assertThat(sent).hasSize(4);

        clock.advance(Duration.ofHours(1).plusSeconds(1));
        assertThat(api.call("ed", "POST", path, Map.of("email", "r6@example.com", "role", "viewer")).status()).isEqualTo(201);
    }

    @Test
    void invalidInvitationsDoNotCount() {
        String path = "/api/projects/" + PROJECT + "/invitations";
        Map<String, Object> pastExpiry = Map.of("email", "ann@example.com", "role", "viewer", "expiresAt", START.minusSeconds(1).toString());
        for (int i = 0; i < 5; i++) {
            assertThat(api.call("ed", "POST", path, pastExpiry).status()).isEqualTo(400);
        }

        for (int i = 0; i < 3; i++) {
            assertThat(api.call("ed", "POST", path, Map.of("email", "r" + i + "@example.com", "role", "viewer")).status()).isEqualTo(201);
        }
    }

    @Test
    void invitationRevokedWhenOutboxFails() {
        MailService broken = message -> {
            throw new IllegalStateException("outbox down");
        };
        TestDispatcher failing = new TestDispatcher(new ShareRoutes(shares, projects, () -> broken,
                new InvitationLimiter(3, Duration.ofHours(1), clock), Duration.ofDays(14)).routes());
        failing.user("olga", "Olga Owner");

        TestDispatcher.Result result = failing.call("olga", "POST", "/api/projects/" + PROJECT + "/invitations",
                Map.of("email", "ann@example.com", "role", "viewer"));

        assertThat(result.status()).isEqualTo(503);
        assertThat(storedShares()).hasSize(1);
        assertThat(storedShares().get(0).get("revokedAt")).isNotNull();
    }

    @Test
    void storedShareHasNoPlainToken() {
        createLink("olga", "viewer");

        Document stored = storage.database().getCollection(ShareRepository.COLLECTION).find(Filters.exists("token")).first();
        assertThat(stored).isNull();
    }
}
