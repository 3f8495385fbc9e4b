package io.pixelcraft.share.internal;

import io.pixelcraft.api.image.ImageInfo;
import io.pixelcraft.api.project.ProjectSummary;
import io.pixelcraft.api.storage.StorageUnavailableException;
import io.pixelcraft.api.web.ApiException;
import io.pixelcraft.api.web.Authenticator;
import io.pixelcraft.api.web.Principal;
import io.pixelcraft.api.web.ProjectRole;
import io.pixelcraft.share.internal.ShareRecord.TargetType;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code /s/{token}}: a server-rendered preview of the shared project or image (200), a
 * notice for revoked or expired links (410) and for unknown or malformed tokens (404).
 *
 * <p>The URL carries the token, so every response sets {@code Referrer-Policy: no-referrer} (the
 * token never reaches another site through {@code Referer}) and {@code Cache-Control: no-store}
 * (a revoked link stops working at once, also behind caches).
 *
 * <p>Joining never happens on GET, because any site can make a browser send a GET. The page
 * shows signed-in users a form that POSTs back with their CSRF token, which the page copies from
 * the {@code pc_csrf} cookie. The POST passes it to the {@link Authenticator} as the
 * {@code X-CSRF-Token} header, so it gets the same check as every other state-changing request.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/s/*")
public final class SharePageServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SharePageServlet.class);
    private static final String CSRF_COOKIE = "pc_csrf";
    private static final String CSRF_HEADER = "X-CSRF-Token";
    private static final int THUMBNAIL_SIZE = 1024;

    private final transient ShareService shares;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile Authenticator authenticator;

    @Activate
    public SharePageServlet(@Reference ShareService shares) {
        this.shares = shares;
    }

    SharePageServlet(ShareService shares, Authenticator authenticator) {
        this.shares = shares;
        this.authenticator = authenticator;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Messages texts = Messages.of(request.getLocales());
        try {
            showPage(request, response, texts);
        } catch (StorageUnavailableException e) {
            LOG.warn("Share page request failed: the store is unavailable: {}", e.getMessage());
            response.setHeader("Retry-After", "5");
            write(response, 503, texts, SharePage.notice(texts, home(), texts.get("page.failedTitle"),
                    "The service is unavailable; retry in a few seconds."));
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Messages texts = Messages.of(request.getLocales());
        try {
            join(request, response, texts);
        } catch (StorageUnavailableException e) {
            LOG.warn("Joining through a share page failed: the store is unavailable: {}", e.getMessage());
            response.setHeader("Retry-After", "5");
            write(response, 503, texts, SharePage.notice(texts, home(), texts.get("page.failedTitle"),
                    "The service is unavailable; retry in a few seconds."));
        }
    }

    private void showPage(HttpServletRequest request, HttpServletResponse response, Messages texts) throws IOException {
        String token = token(request);
        Optional<ShareRecord> found = token == null ? Optional.empty() : shares.resolve(token);
        if (found.isEmpty()) {
            writeNotFound(response, texts);
            return;
        }
        ShareRecord share = found.get();
        if (!shares.opensNow(share)) {
            writeGone(response, texts);
            return;
        }
        if (share.targetType() == TargetType.IMAGE) {
            showImage(response, texts, share);
        } else {
            showProject(request, response, texts, share, token);
        }
    }

    private void showImage(HttpServletResponse response, Messages texts, ShareRecord share) throws IOException {
        Optional<ImageInfo> image = shares.image(share.targetId());
        if (image.isEmpty()) {
            writeGone(response, texts);
            return;
        }
        String name = image.get().originalName();
        String title = name == null || name.isBlank() ? texts.get("page.untitledImage") : name;
        String html = SharePage.preview(texts, home(), title, texts.get("page.imageDescription"),
                shares.signedImageUrl(share.targetId(), THUMBNAIL_SIZE), shares.signedImageUrl(share.targetId(), 0),
                new SharePage.NoAction());
        write(response, 200, texts, html);
    }

    private void showProject(HttpServletRequest request, HttpServletResponse response, Messages texts, ShareRecord share,
            String token) throws IOException {
        Optional<ProjectSummary> summary = shares.projectSummary(share.targetId());
        if (summary.isEmpty() && shares.projectsAvailable()) {
            // The project was deleted or moved to the trash after the link was created.
            writeGone(response, texts);
            return;
        }
        String title = summary.map(ProjectSummary::name).orElse(texts.get("page.untitledProject"));
        String description = texts.get("page.projectDescription", "role", texts.role(share.role()));
        Optional<String> thumbnail = summary.map(ProjectSummary::thumbnail)
                .flatMap(sha256 -> shares.signedImageUrl(sha256, THUMBNAIL_SIZE));
        SharePage.Action action = projectAction(request, texts, share, token);
        write(response, 200, texts, SharePage.preview(texts, home(), title, description, thumbnail, Optional.empty(), action));
    }

    private SharePage.Action projectAction(HttpServletRequest request, Messages texts, ShareRecord share, String token) {
        Optional<Principal> caller = authenticate(request);
        if (caller.isEmpty()) {
            return new SharePage.SignIn();
        }
        if (share.invitedEmail() != null && !share.invitedEmail().equalsIgnoreCase(ShareService.normalise(caller.get().email()))) {
            return new SharePage.InvitedOther();
        }
        Optional<ProjectRole> current = shares.roleOf(caller.get().userId(), share.targetId());
        if (current.isPresent() && current.get().atLeast(share.role())) {
            return new SharePage.NoAction();
        }
        Optional<String> csrf = csrfCookie(request);
        if (csrf.isEmpty()) {
            return new SharePage.SignIn();
        }
        return new SharePage.Join("/s/" + token, csrf.get(), texts.role(share.role()));
    }

    private void join(HttpServletRequest request, HttpServletResponse response, Messages texts) throws IOException {
        String token = token(request);
        if (token == null) {
            writeNotFound(response, texts);
            return;
        }
        String csrf = request.getParameter("csrf");
        HttpServletRequest withCsrfHeader = new HttpServletRequestWrapper(request) {
            @Override
            public String getHeader(String name) {
                return CSRF_HEADER.equalsIgnoreCase(name) ? csrf : super.getHeader(name);
            }
        };
        try {
            Authenticator current = authenticator;
            Optional<Principal> caller = current == null ? Optional.empty() : current.authenticate(withCsrfHeader);
            if (caller.isEmpty()) {
                write(response, 401, texts, SharePage.notice(texts, home(), texts.get("page.failedTitle"), texts.get("page.signIn")));
                return;
            }
            Views.Accepted accepted = shares.accept(caller.get(), token);
            String name = shares.projectSummary(accepted.projectId()).map(ProjectSummary::name)
                    .orElse(texts.get("page.untitledProject"));
            String role = texts.role(ProjectRole.fromJson(accepted.role()));
            write(response, 200, texts, SharePage.notice(texts, home(), texts.get("page.joinedTitle", "name", name),
                    texts.get("page.joinedText", "role", role)));
        } catch (ApiException e) {
            switch (e.status()) {
                case 404 -> writeNotFound(response, texts);
                case 410 -> writeGone(response, texts);
                default -> {
                    if (e.status() == 503) {
                        e.headers().forEach(response::setHeader);
                    }
                    // The API's detail is English, while the page title is translated.
                    write(response, e.status(), texts, SharePage.notice(texts, home(), texts.get("page.failedTitle"), e.detail()));
                }
            }
        }
    }

    private Optional<Principal> authenticate(HttpServletRequest request) {
        Authenticator current = authenticator;
        if (current == null) {
            return Optional.empty();
        }
        try {
            return current.authenticate(request);
        } catch (ApiException e) {
            // An expired or invalid session reads like no session: the page still previews the link.
            return Optional.empty();
        }
    }

    private static Optional<String> csrfCookie(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie cookie : cookies) {
            if (CSRF_COOKIE.equals(cookie.getName()) && !cookie.getValue().isBlank()) {
                return Optional.of(cookie.getValue());
            }
        }
        return Optional.empty();
    }

    /** Returns the token from {@code /s/{token}}, or {@code null} when the path has another shape. */
    private static String token(HttpServletRequest request) {
        String path = request.getPathInfo();
        if (path == null || path.length() < 2 || path.indexOf('/', 1) >= 0) {
            return null;
        }
        String token = path.substring(1);
        return ShareTokens.isWellFormed(token) ? token : null;
    }

    private String home() {
        return shares.publicBaseUrl() + "/";
    }

    private void writeNotFound(HttpServletResponse response, Messages texts) throws IOException {
        write(response, 404, texts, SharePage.notice(texts, home(), texts.get("page.notFoundTitle"), texts.get("page.notFoundText")));
    }

    private void writeGone(HttpServletResponse response, Messages texts) throws IOException {
        write(response, 410, texts, SharePage.notice(texts, home(), texts.get("page.goneTitle"), texts.get("page.goneText")));
    }

    private void write(HttpServletResponse response, int status, Messages texts, String html) throws IOException {
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Content-Language", texts.locale().getLanguage());
        response.setHeader("Vary", "Accept-Language, Cookie");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Content-Security-Policy", "default-src 'none'; img-src 'self' " + shares.publicBaseUrl()
                + "; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
        byte[] body = html.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
