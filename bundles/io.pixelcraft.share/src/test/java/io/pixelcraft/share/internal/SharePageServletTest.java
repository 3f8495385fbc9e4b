package io.pixelcraft.share.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixelcraft.api.image.ImageReference;
import io.pixelcraft.api.web.ApiException;
import io.pixelcraft.api.web.Authenticator;
import io.pixelcraft.api.web.Principal;
import io.pixelcraft.api.web.ProjectRole;
import io.pixelcraft.testing.FakeImageStore;
import io.pixelcraft.testing.MutableClock;
import io.pixelcraft.testing.TestStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The server-rendered share page: status codes, headers, meta tags, escaping, languages and joining. */
class SharePageServletTest {

    static final String PROJECT = "665f1c2b9d3e4a0012345678";
    static final String THUMBNAIL = "a".repeat(64);
    static final String OTTO_SESSION = "session-otto";
    static final String OTTO_CSRF = "csrf-otto";

    private TestStorage storage;
    private MutableClock clock;
    private FakeProjects projects;
    private FakeImageStore images;
    private ShareService shares;
    private SharePageServlet servlet;
    private Principal olga;

    @BeforeEach
    void start() {
        storage = new TestStorage();
        clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
        projects = new FakeProjects();
        projects.add(PROJECT, "Poster <script>alert(1)</script>", THUMBNAIL, Map.of("olga", ProjectRole.OWNER));
        images = new FakeImageStore();
        images.add(THUMBNAIL, "olga", "poster \"final\".png", ImageReference.project(PROJECT));
        ShareRepository repository = new ShareRepository(storage);
        repository.createIndexes();
        shares = new ShareService(repository, projects, images, projects, clock, Duration.ofDays(365), "https://pixelcraft.example.com");
        servlet = new SharePageServlet(shares, new SessionAuthenticator());
        olga = new Principal("olga", "olga@example.test", "Olga", false, Principal.AuthMethod.TOKEN, "pat-olga");
    }

    @AfterEach
    void stop() {
        storage.close();
    }

    /** Accepts the session cookie {@value #OTTO_SESSION}; unsafe methods need {@value #OTTO_CSRF} in X-CSRF-Token. */
    private static final class SessionAuthenticator implements Authenticator {
        @Override
        public Optional<Principal> authenticate(jakarta.servlet.http.HttpServletRequest request) {
            jakarta.servlet.http.Cookie[] cookies = request.getCookies();
            boolean signedIn = cookies != null && List.of(cookies).stream()
                    .anyMatch(cookie -> cookie.getName().equals("pc_session") && cookie.getValue().equals(OTTO_SESSION));
            if (!signedIn) {
                return Optional.empty();
            }
            if (!request.getMethod().equals("GET") && !OTTO_CSRF.equals(request.getHeader("X-CSRF-Token"))) {
                throw new ApiException(403, "csrf-token-invalid", "CSRF token invalid", "Missing or wrong X-CSRF-Token", List.of(), Map.of());
            }
            return Optional.of(new Principal("otto", "otto@example.test", "Otto", false, Principal.AuthMethod.SESSION, "s-1"));
        }
    }

    private String projectToken(ProjectRole role) {
        return shares.createProjectShare(olga, ProjectRole.OWNER, PROJECT, role, null, null).token();
    }

    private FakeHttp.Response get(String token, Map<String, String> headers, Map<String, String> cookies) throws Exception {
        FakeHttp.Response response = new FakeHttp.Response();
        servlet.doGet(FakeHttp.request("GET", "/" + token, headers, cookies, Map.of()), response.proxy());
        return response;
    }

    private FakeHttp.Response post(String token, Map<String, String> cookies, Map<String, String> form) throws Exception {
        FakeHttp.Response response = new FakeHttp.Response();
        servlet.doPost(FakeHttp.request("POST", "/" + token, Map.of(), cookies, form), response.proxy());
        return response;
    }

    @Test
    void projectPageHasPreviewTags() throws Exception {
        FakeHttp.Response page = get(projectToken(ProjectRole.VIEWER), Map.of(), Map.of());

        assertThat(page.status).isEqualTo(200);
        assertThat(page.header("Content-Type")).isEqualTo("text/html;charset=UTF-8");
        assertThat(page.html()).contains("<meta property=\"og:title\" content=\"Poster &lt;script&gt;alert(1)&lt;/script&gt;\">");
        assertThat(page.html()).contains("<title>Poster &lt;script&gt;alert(1)&lt;/script&gt; on PixelCraft</title>");
        assertThat(page.html()).contains("<meta property=\"og:image\" content=\"https://pixelcraft.example.com/images/" + THUMBNAIL + "/thumb/1024?exp=");
        assertThat(page.html()).contains("<meta name=\"twitter:card\" content=\"summary_large_image\">");
        assertThat(page.html()).contains("<meta name=\"twitter:title\"", "<meta property=\"og:description\"");
        assertThat(page.html()).doesNotContain("<script>");
    }

    @Test
    void pageKeepsTokenPrivate() throws Exception {
        String token = projectToken(ProjectRole.VIEWER);

        FakeHttp.Response page = get(token, Map.of(), Map.of());

        assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(page.header("Cache-Control")).isEqualTo("no-store");
        assertThat(page.html()).contains("<meta name=\"referrer\" content=\"no-referrer\">");
        assertThat(page.html()).doesNotContain(token);
    }

    @Test
    void pageInGermanByAcceptLanguage() throws Exception {
        FakeHttp.Response page = get(projectToken(ProjectRole.EDITOR), Map.of("Accept-Language", "de-DE,de;q=0.9,en;q=0.8"), Map.of());

        assertThat(page.header("Content-Language")).isEqualTo("de");
        assertThat(page.html()).contains("<html lang=\"de\">", "auf PixelCraft", "als Bearbeiter geteilt");
    }

    @Test
    void pageFallsBackToEnglish() throws Exception {
        FakeHttp.Response page = get(projectToken(ProjectRole.EDITOR), Map.of("Accept-Language", "fr-FR,fr;q=0.9"), Map.of());

        assertThat(page.header("Content-Language")).isEqualTo("en");
        assertThat(page.html()).contains("shared with you as editor");
    }

    @Test
    void unknownAndMalformedTokensAreNotFound() throws Exception {
        assertThat(get(ShareTokens.newToken(), Map.of(), Map.of()).status).isEqualTo(404);
        assertThat(get("abc", Map.of(), Map.of()).status).isEqualTo(404);
        assertThat(get(ShareTokens.newToken() + "/extra", Map.of(), Map.of()).status).isEqualTo(404);
        assertThat(get(ShareTokens.newToken(), Map.of(), Map.of()).html()).contains("Link not found");
    }

    @Test
    void revokedLinkIsGone() throws Exception {
        ShareService.Created created = shares.createProjectShare(olga, ProjectRole.OWNER, PROJECT, ProjectRole.VIEWER, null, null);
        shares.revoke(created.share());

        FakeHttp.Response page = get(created.token(), Map.of("Accept-Language", "de"), Map.of());

        assertThat(page.status).isEqualTo(410);
        assertThat(page.html()).contains("Dieser Link funktioniert nicht mehr");
        assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
    }

    @Test
    void expiredLinkIsGone() throws Exception {
        String token = shares.createProjectShare(olga, ProjectRole.OWNER, PROJECT, ProjectRole.VIEWER,
                clock.instant().plusSeconds(60), null).token();
        clock.advance(Duration.ofSeconds(60));

        assertThat(get(token, Map.of(), Map.of()).status).isEqualTo(410);
    }

    @Test
    void deletedProjectIsGone() throws Exception {
        String token = projectToken(ProjectRole.VIEWER);
        projects.remove(PROJECT);

        assertThat(get(token, Map.of(), Map.of()).status).isEqualTo(410);
    }

    @Test
    void imageLinkEndsWithCreatorsRole() throws Exception {
        images.projectAccess(projects);
        projects.setRole(PROJECT, "ed", ProjectRole.EDITOR);
        Principal ed = new Principal("ed", "ed@example.test", "Ed", false, Principal.AuthMethod.TOKEN, "pat-ed");
        String token = shares.createImageShare(ed, THUMBNAIL, null, null).token();
        assertThat(get(token, Map.of(), Map.of()).status).as("while editor").isEqualTo(200);

        projects.setRole(PROJECT, "ed", null);
        FakeHttp.Response removed = get(token, Map.of(), Map.of());

        assertThat(removed.status).as("after removal").isEqualTo(410);
        assertThat(removed.html()).doesNotContain("/images/" + THUMBNAIL);
        projects.setRole(PROJECT, "ed", ProjectRole.VIEWER);
        assertThat(get(token, Map.of(), Map.of()).status).as("as viewer").isEqualTo(410);
        projects.setRole(PROJECT, "ed", ProjectRole.EDITOR);
        assertThat(get(token, Map.of(), Map.of()).status).as("editor again").isEqualTo(200);
    }

    @Test
    void imagePageShowsSignedImage() throws Exception {
        String token = shares.createImageShare(olga, THUMBNAIL, null, null).token();

        FakeHttp.Response page = get(token, Map.of(), Map.of());

        assertThat(page.status).isEqualTo(200);
        assertThat(page.html()).contains("<title>poster &quot;final&quot;.png on PixelCraft</title>");
        assertThat(page.html()).contains("<img src=\"https://pixelcraft.example.com/images/" + THUMBNAIL + "/thumb/1024?exp=");
        assertThat(page.html()).contains("<a href=\"https://pixelcraft.example.com/images/" + THUMBNAIL + "?exp=");
        assertThat(page.html()).doesNotContain("<form");
    }

    @Test
    void anonymousVisitorIsAskedToSignIn() throws Exception {
        FakeHttp.Response page = get(projectToken(ProjectRole.EDITOR), Map.of(), Map.of());

        assertThat(page.html()).contains("Sign in to PixelCraft").doesNotContain("<form");
    }

    @Test
    void signedInVisitorGetsJoinForm() throws Exception {
        String token = projectToken(ProjectRole.EDITOR);

        FakeHttp.Response page = get(token, Map.of(), Map.of("pc_session", OTTO_SESSION, "pc_csrf", OTTO_CSRF));

        assertThat(page.html()).contains("<form method=\"post\" action=\"/s/" + token + "\">");
        assertThat(page.html()).contains("<input type=\"hidden\" name=\"csrf\" value=\"" + OTTO_CSRF + "\">");
        assertThat(page.html()).contains("Join as editor");
        assertThat(projects.members(PROJECT)).as("GET never joins").doesNotContainKey("otto");
    }

    @Test
    void postWithCsrfJoinsProject() throws Exception {
        String token = projectToken(ProjectRole.EDITOR);

        FakeHttp.Response page = post(token, Map.of("pc_session", OTTO_SESSION, "pc_csrf", OTTO_CSRF), Map.of("csrf", OTTO_CSRF));

        assertThat(page.status).isEqualTo(200);
        assertThat(page.html()).contains("You joined Poster &lt;script&gt;");
        assertThat(projects.members(PROJECT)).containsEntry("otto", ProjectRole.EDITOR);
    }

    @Test
    void postWithoutCsrfIsRejected() throws Exception {
        String token = projectToken(ProjectRole.EDITOR);

        FakeHttp.Response page = post(token, Map.of("pc_session", OTTO_SESSION, "pc_csrf", OTTO_CSRF), Map.of());

        assertThat(page.status).isEqualTo(403);
        assertThat(projects.members(PROJECT)).doesNotContainKey("otto");
    }

    @Test
    void postWithoutSessionAsksToSignIn() throws Exception {
        FakeHttp.Response page = post(projectToken(ProjectRole.EDITOR), Map.of(), Map.of("csrf", OTTO_CSRF));

        assertThat(page.status).isEqualTo(401);
        assertThat(projects.members(PROJECT)).doesNotContainKey("otto");
    }

    @Test
    void postToRevokedLinkIsGone() throws Exception {
        ShareService.Created created = shares.createProjectShare(olga, ProjectRole.OWNER, PROJECT, ProjectRole.EDITOR, null, null);
        shares.revoke(created.share());

        FakeHttp.Response page = post(created.token(), Map.of("pc_session", OTTO_SESSION), Map.of("csrf", OTTO_CSRF));

        assertThat(page.status).isEqualTo(410);
        assertThat(projects.members(PROJECT)).doesNotContainKey("otto");
    }
}
