package io.pixelcraft.share.internal;

import io.pixelcraft.api.mail.MailMessage;
import io.pixelcraft.api.mail.MailService;
import io.pixelcraft.api.project.ProjectSummary;
import io.pixelcraft.api.web.Access;
import io.pixelcraft.api.web.ApiException;
import io.pixelcraft.api.web.ApiRequest;
import io.pixelcraft.api.web.ApiResponse;
import io.pixelcraft.api.web.Authorizer;
import io.pixelcraft.api.web.BodyLimit;
import io.pixelcraft.api.web.Principal;
import io.pixelcraft.api.web.ProjectRole;
import io.pixelcraft.api.web.Route;
import io.pixelcraft.share.internal.Views.AcceptShare;
import io.pixelcraft.share.internal.Views.CreateImageShare;
import io.pixelcraft.share.internal.Views.CreateInvitation;
import io.pixelcraft.share.internal.Views.CreateShare;
import io.pixelcraft.share.internal.Views.CreatedShare;
import io.pixelcraft.share.internal.Views.InvitationView;
import io.pixelcraft.share.internal.Views.ShareList;
import io.pixelcraft.share.internal.Views.ShareView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The share and invitation routes. Each handler validates path ids first (400 when malformed),
 * then calls the platform's {@link Authorizer} for the caller's project role (404 for a project the
 * caller cannot see, 403 below editor), then validates the body. The caller is always the
 * authenticated principal: no body field names a sender or creator.
 */
final class ShareRoutes {

    static final int MAX_MESSAGE_LENGTH = 1000;
    /** Project ids are MongoDB object ids, as the projects bundle creates them. */
    static final Pattern PROJECT_ID = Pattern.compile("[0-9a-f]{24}");
    static final Pattern IMAGE_ID = Pattern.compile("[0-9a-f]{64}");
    /** A pragmatic address check: one {@code @}, a dot in the domain, no spaces, quotes, commas or angle brackets. */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s\",;<>()\\[\\]\\\\]{1,64}@[^@\\s\",;<>()\\[\\]\\\\]+\\.[^@\\s\",;<>()\\[\\]\\\\]+");
    private static final int MAX_EMAIL_LENGTH = 254;
    private static final Access PROJECT_EDITOR = Access.project(ProjectRole.EDITOR, "id");
    private static final String TAG = "sharing";
    private static final String PROJECT_SHARES = "/api/projects/{id}/shares";
    private static final String IMAGE_SHARES = "/api/images/{id}/shares";
    private static final Logger LOG = LoggerFactory.getLogger(ShareRoutes.class);

    private final ShareService shares;
    private final Authorizer authorizer;
    private final Supplier<MailService> mail;
    private final InvitationLimiter limiter;
    private final Duration invitationExpiry;

    ShareRoutes(ShareService shares, Authorizer authorizer, Supplier<MailService> mail, InvitationLimiter limiter,
            Duration invitationExpiry) {
        this.shares = shares;
        this.authorizer = authorizer;
        this.mail = mail;
        this.limiter = limiter;
        this.invitationExpiry = invitationExpiry;
    }

    List<Route> routes() {
        Instant exampleTime = Instant.parse("2030-01-31T12:00:00Z");
        ShareView exampleShare = new ShareView("9f86d081884c7d659a2feaa0c55ad015", "project", "665f1c2b9d3e4a0012345678",
                "viewer", "u-1", exampleTime.minus(Duration.ofDays(30)), exampleTime, null, true, null,
                "665f1c2b9d3e4a0012345678");
        return List.of(
                Route.route("POST", PROJECT_SHARES).tag(TAG)
                        .summary("Create a project share link (editor or owner); the token appears once, in url")
                        .request(new CreateShare("viewer", exampleTime))
                        .response(201, new CreatedShare(exampleShare, "https://pixelcraft.example.com/s/<token>"))
                        .handler(this::createProjectShare),
                Route.route("GET", PROJECT_SHARES).tag(TAG).bodyLimit(BodyLimit.NONE)
                        .summary("List a project's share links and the image links published through it, without tokens"
                                + " (editor or owner)")
                        .response(200, new ShareList(List.of(exampleShare)))
                        .handler(this::listProjectShares),
                Route.route("DELETE", PROJECT_SHARES + "/{shareId}").tag(TAG).bodyLimit(BodyLimit.NONE)
                        .summary("Revoke a project share link at once (owner, or the editor who created it)")
                        .response(204, null)
                        .handler(this::revokeProjectShare),
                Route.route("POST", "/api/projects/{id}/invitations").tag(TAG)
                        .summary("Invite someone by email to a project (editor or owner); rate-limited per sender with 429 and Retry-After")
                        .request(new CreateInvitation("ann@example.com", "editor", "Have a look at the poster", "en", null))
                        .response(201, new InvitationView(exampleShare.id(), "ann@example.com", "editor", "u-1",
                                exampleTime.minus(Duration.ofDays(14)), exampleTime))
                        .handler(this::invite),
                Route.route("POST", IMAGE_SHARES).tag(TAG)
                        .summary("Publish an image with a view-only share link (an uploader, or an editor or owner of a project"
                                + " that contains it; projectId names that project); the token appears once, in url")
                        .request(new CreateImageShare(null, "665f1c2b9d3e4a0012345678"))
                        .response(201, null)
                        .handler(this::createImageShare),
                Route.route("GET", IMAGE_SHARES).tag(TAG).bodyLimit(BodyLimit.NONE)
                        .summary("List the image's share links that the caller may revoke: their own and those of projects"
                                + " they edit (all links for administrators)")
                        .handler(this::listImageShares),
                Route.route("DELETE", IMAGE_SHARES + "/{shareId}").tag(TAG).bodyLimit(BodyLimit.NONE)
                        .summary("Revoke an image share link at once (its creator, an editor or owner of its project, or an"
                                + " administrator)")
                        .response(204, null)
                        .handler(this::revokeImageShare),
                Route.route("POST", "/api/shares/accept").tag(TAG)
                        .summary("Join the project of a share link with the link's role; the token is in the body, not the path")
                        .request(new AcceptShare("<43-character token from the link>"))
                        .response(200, new Views.Accepted("665f1c2b9d3e4a0012345678", "editor"))
                        .handler(this::accept));
    }

    private ApiResponse createProjectShare(ApiRequest request) {
        String projectId = projectId(request);
        ProjectRole callerRole = authorizeEditor(request, projectId);
        CreateShare body = request.body(CreateShare.class);
        ProjectRole role = linkRole(body.role());
        ShareService.Created created = shares.createProjectShare(request.requirePrincipal(), callerRole, projectId, role,
                body.expiresAt(), null);
        return ApiResponse.created(new CreatedShare(view(created.share()), shares.pageUrl(created.token())));
    }

    private ApiResponse listProjectShares(ApiRequest request) {
        String projectId = projectId(request);
        authorizeEditor(request, projectId);
        return ApiResponse.ok(new ShareList(shares.listProjectShares(projectId).stream().map(this::view).toList()));
    }

    private ApiResponse revokeProjectShare(ApiRequest request) {
        String projectId = projectId(request);
        ProjectRole callerRole = authorizeEditor(request, projectId);
        String shareId = shareId(request);
        shares.revokeProjectShare(request.requirePrincipal(), callerRole, projectId, shareId);
        return ApiResponse.noContent();
    }

    private ApiResponse invite(ApiRequest request) {
        String projectId = projectId(request);
        ProjectRole callerRole = authorizeEditor(request, projectId);
        Principal caller = request.requirePrincipal();
        CreateInvitation body = request.body(CreateInvitation.class);
        String email = email(body.email());
        ProjectRole role = linkRole(body.role());
        String message = message(body.message());
        Messages texts = Messages.of(language(body.language()).orElse(request.locale()));
        Instant expiresAt = body.expiresAt() != null ? body.expiresAt() : shares.now().plus(invitationExpiry);
        shares.checkExpiry(expiresAt);
        if (!callerRole.atLeast(role)) {
            throw ApiException.forbidden("You are " + callerRole.jsonName() + " in this project and cannot invite with the "
                    + role.jsonName() + " role");
        }
        MailService mailService = mail.get();
        if (mailService == null) {
            throw ApiException.unavailable("Invitations are unavailable while the mail service is not running; retry later",
                    ShareService.MISSING_SERVICE_RETRY_SECONDS);
        }
        long retryAfter = limiter.tryAcquire(caller.userId());
        if (retryAfter > 0) {
            LOG.info("Invitation by user {} to project {} rejected by the rate limit; retry in {} s", caller.userId(), projectId, retryAfter);
            throw ApiException.tooManyRequests("You sent too many invitations; retry in " + retryAfter + " seconds", retryAfter);
        }

        ShareService.Created created = shares.createProjectShare(caller, callerRole, projectId, role, expiresAt, email);
        String projectName = shares.projectSummary(projectId).map(ProjectSummary::name).orElse(texts.get("page.untitledProject"));
        String senderName = caller.displayName() == null || caller.displayName().isBlank() ? caller.email() : caller.displayName();
        MailMessage mailMessage = InvitationMail.build(texts, email, senderName, projectName, role, message,
                shares.pageUrl(created.token()), expiresAt);
        try {
            String outboxId = mailService.enqueue(mailMessage);
            LOG.info("User {} invited a recipient to project {} as {}: share {}, outbox message {}", caller.userId(), projectId,
                    role.jsonName(), created.share().id(), outboxId);
        } catch (RuntimeException e) {
            // Without a queued mail the link reaches no recipient, so it must not stay active.
            LOG.error("Queueing the invitation mail of share {} for project {} failed; revoking the link", created.share().id(),
                    projectId, e);
            shares.revoke(created.share());
            throw ApiException.unavailable("The invitation could not be queued because the mail outbox is unavailable; retry later",
                    ShareService.MISSING_SERVICE_RETRY_SECONDS);
        }
        ShareRecord share = created.share();
        return ApiResponse.created(new InvitationView(share.id(), email, role.jsonName(), share.createdBy(), share.createdAt(),
                share.expiresAt()));
    }

    private ApiResponse createImageShare(ApiRequest request) {
        String sha256 = imageId(request);
        CreateImageShare body = request.body(CreateImageShare.class);
        String projectId = body.projectId();
        if (projectId != null && !PROJECT_ID.matcher(projectId).matches()) {
            throw ApiException.invalidField("projectId", "format", "Field 'projectId' is '" + truncate(projectId)
                    + "', which is malformed: use the 24 hex digits from the project");
        }
        ShareService.Created created = shares.createImageShare(request.requirePrincipal(), sha256, body.expiresAt(), projectId);
        return ApiResponse.created(new CreatedShare(view(created.share()), shares.pageUrl(created.token())));
    }

    private ApiResponse listImageShares(ApiRequest request) {
        String sha256 = imageId(request);
        List<ShareView> items = shares.listImageShares(request.requirePrincipal(), sha256).stream().map(this::view).toList();
        return ApiResponse.ok(new ShareList(items));
    }

    private ApiResponse revokeImageShare(ApiRequest request) {
        String sha256 = imageId(request);
        String shareId = shareId(request);
        shares.revokeImageShare(request.requirePrincipal(), sha256, shareId);
        return ApiResponse.noContent();
    }

    private ApiResponse accept(ApiRequest request) {
        AcceptShare body = request.body(AcceptShare.class);
        if (body.token() == null) {
            throw ApiException.invalidField("token", "required",
                    "Field 'token' is missing or null: send the token from the share link");
        }
        return ApiResponse.ok(shares.accept(request.requirePrincipal(), body.token()));
    }

    private ProjectRole authorizeEditor(ApiRequest request, String projectId) {
        return authorizer.authorize(Optional.of(request.requirePrincipal()), PROJECT_EDITOR, projectId)
                .orElseThrow(() -> new IllegalStateException("The authorizer returned no role for a project rule"));
    }

    private ShareView view(ShareRecord share) {
        return new ShareView(share.id(), share.targetType().jsonName(), share.targetId(), share.role().jsonName(),
                share.createdBy(), share.createdAt(), share.expiresAt(), share.revokedAt(), shares.opensNow(share),
                share.invitedEmail(), share.projectId());
    }

    private static String projectId(ApiRequest request) {
        String id = request.pathParam("id");
        if (!PROJECT_ID.matcher(id).matches()) {
            throw ApiException.invalidField("id", "format", "Project id '" + truncate(id) + "' is malformed: use the 24 hex digits from the project");
        }
        return id;
    }

    private static String imageId(ApiRequest request) {
        String id = request.pathParam("id");
        if (!IMAGE_ID.matcher(id).matches()) {
            throw ApiException.invalidField("id", "format", "Image id '" + truncate(id) + "' is malformed: use the image's SHA-256 as 64 lower-case hex digits");
        }
        return id;
    }

    private static String shareId(ApiRequest request) {
        String id = request.pathParam("shareId");
        if (!ShareTokens.SHARE_ID.matcher(id).matches()) {
            throw ApiException.invalidField("shareId", "format", "Share id '" + truncate(id) + "' is malformed: use the 32 hex digits from the share's id field");
        }
        return id;
    }

    private static ProjectRole linkRole(String value) {
        if (value == null) {
            throw ApiException.invalidField("role", "required", "Field 'role' is missing: use viewer or editor");
        }
        return switch (value) {
            case "viewer" -> ProjectRole.VIEWER;
            case "editor" -> ProjectRole.EDITOR;
            default -> throw ApiException.invalidField("role", "enum", "Field 'role' is '" + truncate(value) + "': use viewer or editor");
        };
    }

    private static String email(String value) {
        if (value == null || value.isBlank()) {
            throw ApiException.invalidField("email", "required", "Field 'email' is missing: give the recipient's address");
        }
        String email = ShareService.normalise(value);
        if (email.length() > MAX_EMAIL_LENGTH || !EMAIL.matcher(email).matches()) {
            throw ApiException.invalidField("email", "format", "Field 'email' is '" + truncate(value) + "', which is not one valid address");
        }
        return email;
    }

    private static String message(String value) {
        if (value == null) {
            return null;
        }
        if (value.length() > MAX_MESSAGE_LENGTH) {
            throw ApiException.invalidField("message", "length", "Field 'message' has " + value.length() + " characters: use at most "
                    + MAX_MESSAGE_LENGTH);
        }
        return value;
    }

    private static Optional<Locale> language(String value) {
        if (value == null) {
            return Optional.empty();
        }
        return switch (value) {
            case "en" -> Optional.of(Messages.ENGLISH);
            case "de" -> Optional.of(Messages.GERMAN);
            default -> throw ApiException.invalidField("language", "enum", "Field 'language' is '" + truncate(value) + "': use en or de");
        };
    }

    /** Shortens a client value for an error message, so a huge value does not become a huge response. */
    private static String truncate(String value) {
        return value.length() <= 80 ? value : value.substring(0, 80) + "...";
    }
}
