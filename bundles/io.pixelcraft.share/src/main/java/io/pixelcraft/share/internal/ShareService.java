package io.pixelcraft.share.internal;

import io.pixelcraft.api.image.ImageInfo;
import io.pixelcraft.api.image.ImageReference;
import io.pixelcraft.api.image.ImageStore;
import io.pixelcraft.api.project.ProjectLifecycle;
import io.pixelcraft.api.project.ProjectMembership;
import io.pixelcraft.api.project.ProjectNotFoundException;
import io.pixelcraft.api.project.ProjectSummary;
import io.pixelcraft.api.storage.StorageService;
import io.pixelcraft.api.web.ApiException;
import io.pixelcraft.api.web.Principal;
import io.pixelcraft.api.web.ProjectAccess;
import io.pixelcraft.api.web.ProjectRole;
import io.pixelcraft.share.internal.ShareRecord.TargetType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates, lists, resolves, revokes and accepts share links. Where a method takes the caller's
 * project role, the caller has already checked it with the platform authorizer. This class
 * enforces the rules that depend on the link itself. A link never grants more than its creator
 * has, only the owner or the creator revokes a project link, and only the invited address joins
 * through an invitation.
 *
 * <p>Every lookup reads the store, so a revoked link stops working with the next request.
 *
 * <p>The component also registers a {@link ProjectLifecycle} service that deletes a project's
 * links when the trash purge removes the project. It registers it by hand once active, not as a
 * DS service: the projects component binds every lifecycle service while it activates, and this
 * component needs the projects component's {@link ProjectAccess} to activate, so a DS service
 * would form a cycle. The component is immediate, so that the purge reaches it even while no
 * route or share page uses it.
 */
@Component(service = ShareService.class, immediate = true, configurationPid = "io.pixelcraft.share")
@Designate(ocd = ShareConfig.class)
public final class ShareService {

    /** Lifetime of the signed thumbnail and image URLs that share pages embed. */
    static final Duration PAGE_IMAGE_TTL = Duration.ofDays(1);
    /** Retry-After while the imaging or projects bundle is not running, in seconds. */
    static final long MISSING_SERVICE_RETRY_SECONDS = 5;

    private static final Logger LOG = LoggerFactory.getLogger(ShareService.class);

    private final ShareRepository repository;
    private final ProjectAccess projectAccess;
    private final Clock clock;
    private final Duration maxExpiry;
    private final String publicBaseUrl;
    /** The lifecycle service; {@code null} in unit tests, which construct the service directly. */
    private ServiceRegistration<ProjectLifecycle> lifecycleRegistration;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile ImageStore imageStore;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile ProjectMembership membership;

    @Activate
    public ShareService(@Reference StorageService storage, @Reference ProjectAccess projectAccess, ShareConfig config,
            BundleContext context) {
        this(new ShareRepository(storage), projectAccess, null, null, Clock.systemUTC(),
                Duration.ofDays(config.maxExpiryDays()), config.publicBaseUrl());
        try {
            repository.createIndexes();
        } catch (RuntimeException e) {
            // Token lookups stay correct without the unique index, only slower. The next start retries.
            LOG.error("Creating the share indexes failed", e);
        }
        this.lifecycleRegistration = context.registerService(ProjectLifecycle.class, this::purgeProject,
                new Hashtable<>(Map.of(ProjectLifecycle.NAME_PROPERTY, "share")));
        LOG.info("Sharing started: links point to {}, at most {} days of expiry", publicBaseUrl, maxExpiry.toDays());
    }

    ShareService(ShareRepository repository, ProjectAccess projectAccess, ImageStore imageStore,
            ProjectMembership membership, Clock clock, Duration maxExpiry, String publicBaseUrl) {
        if (publicBaseUrl == null || !publicBaseUrl.matches("https?://[^/\\s]+")) {
            throw new IllegalArgumentException("Invalid sharing configuration: publicBaseUrl='" + publicBaseUrl
                    + "'; use scheme, host and optional port without a path or trailing slash, for example https://pixelcraft.example.com");
        }
        this.repository = repository;
        this.projectAccess = projectAccess;
        this.imageStore = imageStore;
        this.membership = membership;
        this.clock = clock;
        this.maxExpiry = maxExpiry;
        this.publicBaseUrl = publicBaseUrl;
    }

    @Deactivate
    void deactivate() {
        try {
            lifecycleRegistration.unregister();
        } catch (IllegalStateException e) {
            // The framework already unregistered it because the bundle is stopping.
        }
    }

    /**
     * Deletes every link of a project, revoked ones included, when the trash purge removes the
     * project. Project links add no image references, so none are removed. Deleting nothing is
     * not an error, so the purge may repeat it.
     */
    void purgeProject(String projectId) {
        long deleted = repository.deleteByTarget(TargetType.PROJECT, projectId);
        if (deleted > 0) {
            LOG.info("Deleted {} share links of purged project {}", deleted, projectId);
        }
    }

    /** A new link and its token, which exists only in this object and in the URL given to the caller. */
    record Created(ShareRecord share, String token) {
    }

    String publicBaseUrl() {
        return publicBaseUrl;
    }

    /** Returns the address of the share page that opens with this token. */
    String pageUrl(String token) {
        return publicBaseUrl + "/s/" + token;
    }

    Instant now() {
        return clock.instant();
    }

    /**
     * Creates a project link.
     *
     * @param callerRole   the caller's role, already checked to be at least editor
     * @param invitedEmail the normalised recipient of an invitation, or {@code null} for a plain link
     * @throws ApiException 403 when the link's role is above the caller's, 400 for an invalid expiry
     */
    Created createProjectShare(Principal caller, ProjectRole callerRole, String projectId, ProjectRole role,
            Instant expiresAt, String invitedEmail) {
        if (role == ProjectRole.OWNER) {
            throw ApiException.invalidField("role", "enum", "Field 'role' is owner: links grant viewer or editor only");
        }
        if (!callerRole.atLeast(role)) {
            throw ApiException.forbidden("You are " + callerRole.jsonName() + " in this project and cannot create a link with the "
                    + role.jsonName() + " role");
        }
        checkExpiry(expiresAt);
        return insert(TargetType.PROJECT, projectId, role, caller.userId(), expiresAt, invitedEmail);
    }

    List<ShareRecord> listProjectShares(String projectId) {
        return repository.listByTarget(TargetType.PROJECT, projectId);
    }

    /**
     * Revokes a project link at once.
     *
     * @throws ApiException 404 when the project has no such link, 403 when an editor revokes
     *         another user's link
     */
    ShareRecord revokeProjectShare(Principal caller, ProjectRole callerRole, String projectId, String shareId) {
        ShareRecord share = repository.findById(shareId)
                .filter(found -> found.targetType() == TargetType.PROJECT && found.targetId().equals(projectId))
                .orElseThrow(() -> ApiException.notFound("Share '" + shareId + "' not found in project '" + projectId + "'"));
        if (callerRole != ProjectRole.OWNER && !share.createdBy().equals(caller.userId())) {
            throw ApiException.forbidden("Only the project owner or the link's creator can revoke share '" + shareId + "'");
        }
        revoke(share);
        return repository.findById(shareId).orElse(share);
    }

    /**
     * Returns the image when the caller may see it: the uploader, an administrator, or a member of
     * a project that uses it. This is the image servlet's rule for private images.
     *
     * @throws ApiException 404 when the image does not exist or the caller may not see it, so
     *         image ids cannot be probed. 503 while the imaging bundle is not running.
     */
    ImageInfo requireVisibleImage(Principal caller, String sha256) {
        ImageStore store = requireImageStore();
        Optional<ImageInfo> image = store.find(sha256);
        if (image.isEmpty() || !mayRead(caller, image.get(), store)) {
            throw ApiException.notFound("Image '" + sha256 + "' not found");
        }
        return image.get();
    }

    private boolean mayRead(Principal caller, ImageInfo image, ImageStore store) {
        if (caller.admin() || caller.userId().equals(image.uploaderId())) {
            return true;
        }
        return store.references(image.sha256()).stream()
                .filter(reference -> reference.kind() == ImageReference.Kind.PROJECT)
                .anyMatch(reference -> projectAccess.roleOf(caller.userId(), reference.id()).isPresent());
    }

    /** Creates a view-only link to an image the caller may see, and keeps the image while the link exists. */
    Created createImageShare(Principal caller, String sha256, Instant expiresAt) {
        requireVisibleImage(caller, sha256);
        checkExpiry(expiresAt);
        Created created = insert(TargetType.IMAGE, sha256, ProjectRole.VIEWER, caller.userId(), expiresAt, null);
        requireImageStore().link(sha256, new ImageReference(ImageReference.Kind.SHARE, created.share().id()));
        return created;
    }

    /** Returns the caller's links to the image, or every link for an administrator. */
    List<ShareRecord> listImageShares(Principal caller, String sha256) {
        requireVisibleImage(caller, sha256);
        return repository.listByTarget(TargetType.IMAGE, sha256).stream()
                .filter(share -> caller.admin() || share.createdBy().equals(caller.userId()))
                .toList();
    }

    /**
     * Revokes an image link of the caller (any link for an administrator).
     *
     * @throws ApiException 404 when the image has no such link of the caller
     */
    ShareRecord revokeImageShare(Principal caller, String sha256, String shareId) {
        requireVisibleImage(caller, sha256);
        ShareRecord share = repository.findById(shareId)
                .filter(found -> found.targetType() == TargetType.IMAGE && found.targetId().equals(sha256))
                .filter(found -> caller.admin() || found.createdBy().equals(caller.userId()))
                .orElseThrow(() -> ApiException.notFound("Share '" + shareId + "' not found for image '" + sha256 + "'"));
        revoke(share);
        return repository.findById(shareId).orElse(share);
    }

    /** Returns the link with this token, active or not, or empty when no link has it. */
    Optional<ShareRecord> resolve(String token) {
        if (!ShareTokens.isWellFormed(token)) {
            return Optional.empty();
        }
        return repository.findByTokenHash(ShareTokens.hash(token));
    }

    /**
     * Adds the caller to the project of a link with the link's role, or raises the caller's role
     * to it. An owner stays owner.
     *
     * @return the project id and the caller's role afterwards
     * @throws ApiException 400 for a malformed token and 404 for an unknown token or a deleted
     *         project. Also 410 for a revoked or expired link, 409 for an image link, 403 when an
     *         invitation went to another address, and 503 while the projects bundle is not running.
     */
    Views.Accepted accept(Principal caller, String token) {
        if (!ShareTokens.isWellFormed(token)) {
            throw ApiException.invalidField("token", "format", "Field 'token' must be the 43-character token from the share link");
        }
        ShareRecord share = resolve(token).orElseThrow(() -> ApiException.notFound("No share link has this token"));
        if (!share.activeAt(clock.instant())) {
            throw ApiException.gone("This share link was revoked or has expired");
        }
        if (share.targetType() != TargetType.PROJECT) {
            throw ApiException.conflict("This link shares an image; only project links add members");
        }
        if (share.invitedEmail() != null && !share.invitedEmail().equalsIgnoreCase(normalise(caller.email()))) {
            throw ApiException.forbidden("This invitation was sent to another email address; sign in with that address to join");
        }
        ProjectMembership members = membership;
        if (members == null) {
            throw ApiException.unavailable("Joining projects is unavailable while the projects service is not running; retry later",
                    MISSING_SERVICE_RETRY_SECONDS);
        }
        try {
            ProjectRole role = members.join(share.targetId(), caller.userId(), share.role());
            LOG.info("User {} joined project {} through share {} (link role {}, now {})", caller.userId(), share.targetId(),
                    share.id(), share.role().jsonName(), role.jsonName());
            return new Views.Accepted(share.targetId(), role.jsonName());
        } catch (ProjectNotFoundException e) {
            throw ApiException.notFound("The shared project no longer exists");
        }
    }

    /** Returns the project's name and thumbnail, or empty when unknown or the projects bundle is not running. */
    Optional<ProjectSummary> projectSummary(String projectId) {
        ProjectMembership members = membership;
        return members == null ? Optional.empty() : members.summary(projectId);
    }

    /** Returns whether project names can be looked up, that is whether the projects bundle is running. */
    boolean projectsAvailable() {
        return membership != null;
    }

    /** Returns the user's role in the project, or empty for non-members. */
    Optional<ProjectRole> roleOf(String userId, String projectId) {
        return projectAccess.roleOf(userId, projectId);
    }

    /** Returns the image's metadata, or empty when unknown or the imaging bundle is not running. */
    Optional<ImageInfo> image(String sha256) {
        ImageStore store = imageStore;
        return store == null ? Optional.empty() : store.find(sha256);
    }

    /** Returns an absolute signed URL of the image or its thumbnail that works without signing in for a day. */
    Optional<String> signedImageUrl(String sha256, int thumbSize) {
        ImageStore store = imageStore;
        if (store == null || sha256 == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(publicBaseUrl + store.signedPath(sha256, thumbSize, PAGE_IMAGE_TTL));
        } catch (RuntimeException e) {
            LOG.warn("Signing the URL of image {} for a share page failed: {}", sha256, e.toString());
            return Optional.empty();
        }
    }

    private ImageStore requireImageStore() {
        ImageStore store = imageStore;
        if (store == null) {
            throw ApiException.unavailable("Image sharing is unavailable while the imaging service is not running; retry later",
                    MISSING_SERVICE_RETRY_SECONDS);
        }
        return store;
    }

    /**
     * Checks that an expiry lies in the future and within the configured maximum.
     *
     * @throws ApiException 400 naming {@code expiresAt} otherwise
     */
    void checkExpiry(Instant expiresAt) {
        if (expiresAt == null) {
            return;
        }
        Instant now = clock.instant();
        if (!expiresAt.isAfter(now)) {
            throw ApiException.invalidField("expiresAt", "future", "Field 'expiresAt' is " + expiresAt + ", which is not in the future");
        }
        if (expiresAt.isAfter(now.plus(maxExpiry))) {
            throw ApiException.invalidField("expiresAt", "range", "Field 'expiresAt' is " + expiresAt
                    + ": use at most " + maxExpiry.toDays() + " days from now, or leave it out for a link without expiry");
        }
    }

    private Created insert(TargetType type, String targetId, ProjectRole role, String createdBy, Instant expiresAt, String invitedEmail) {
        String token = ShareTokens.newToken();
        ShareRecord share = new ShareRecord(ShareTokens.newShareId(), ShareTokens.hash(token), type, targetId, role,
                createdBy, clock.instant(), expiresAt, null, invitedEmail);
        repository.insert(share);
        LOG.info("User {} created {} share {} for {} {}", createdBy, role.jsonName(), share.id(), type.jsonName(), targetId);
        return new Created(share, token);
    }

    /** Revokes the link at once and, for an image, releases the reference that kept the image. */
    void revoke(ShareRecord share) {
        if (repository.revoke(share.id(), clock.instant())) {
            LOG.info("Share {} for {} {} revoked", share.id(), share.targetType().jsonName(), share.targetId());
        }
        ImageStore store = imageStore;
        if (share.targetType() == TargetType.IMAGE && store != null) {
            store.unlink(share.targetId(), new ImageReference(ImageReference.Kind.SHARE, share.id()));
        }
    }

    static String normalise(String email) {
        return email == null ? null : email.trim().toLowerCase(Locale.ROOT);
    }
}
