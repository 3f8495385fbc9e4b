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
 * through an invitation. An image link belongs to the project it was published through, whose
 * editors and owners list and revoke it, and it opens only while its creator may still publish
 * the image ({@link #creatorMayPublish}).
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
     * project: its project links, and its image links together with their image references.
     * Deleting nothing is not an error, so the purge may repeat it.
     */
    void purgeProject(String projectId) {
        long imageLinks = deleteImageLinks(projectId);
        long deleted = repository.deleteByTarget(TargetType.PROJECT, projectId);
        if (deleted > 0 || imageLinks > 0) {
            LOG.info("Deleted {} project links and {} image links of purged project {}", deleted, imageLinks, projectId);
        }
    }

    /**
     * Deletes the image links published through the project and removes the image references
     * that kept their images.
     *
     * @throws IllegalStateException when such links exist while the imaging bundle is not running,
     *         so that the purge retries instead of leaving the references behind
     */
    private long deleteImageLinks(String projectId) {
        List<ShareRecord> links = repository.listByProject(projectId).stream()
                .filter(share -> share.targetType() == TargetType.IMAGE)
                .toList();
        if (links.isEmpty()) {
            return 0;
        }
        ImageStore store = imageStore;
        if (store == null) {
            throw new IllegalStateException("Deleting the " + links.size() + " image links of project " + projectId
                    + " needs the imaging service, which is not running; the purge retries later");
        }
        for (ShareRecord link : links) {
            store.unlink(link.targetId(), new ImageReference(ImageReference.Kind.SHARE, link.id()));
            repository.deleteById(link.id());
        }
        return links.size();
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
        return insert(TargetType.PROJECT, projectId, role, caller.userId(), expiresAt, invitedEmail, projectId);
    }

    /** Returns the project's links and the image links published through it, newest first. */
    List<ShareRecord> listProjectShares(String projectId) {
        return repository.listByProject(projectId);
    }

    /**
     * Revokes a link of the project at once: a project link, or an image link published through
     * the project. Any editor may revoke the project's image links, because they may publish the
     * same images themselves.
     *
     * @throws ApiException 404 when the project has no such link, 403 when an editor revokes
     *         another user's project link
     */
    ShareRecord revokeProjectShare(Principal caller, ProjectRole callerRole, String projectId, String shareId) {
        ShareRecord share = repository.findById(shareId)
                .filter(found -> projectId.equals(found.projectId()))
                .orElseThrow(() -> ApiException.notFound("Share '" + shareId + "' not found in project '" + projectId + "'"));
        if (share.targetType() == TargetType.PROJECT && callerRole != ProjectRole.OWNER
                && !share.createdBy().equals(caller.userId())) {
            throw ApiException.forbidden("Only the project owner or the link's creator can revoke share '" + shareId + "'");
        }
        revoke(share);
        return repository.findById(shareId).orElse(share);
    }

    /**
     * Returns the image when the caller may read it by {@link ImageStore#mayRead}: any of its
     * uploaders, an administrator, or a member of a project that uses it. This is the image
     * servlet's rule for private images.
     *
     * @throws ApiException 404 when the image does not exist or the caller may not see it, so
     *         image ids cannot be probed. 503 while the imaging bundle is not running.
     */
    ImageInfo requireVisibleImage(Principal caller, String sha256) {
        ImageStore store = requireImageStore();
        Optional<ImageInfo> image = store.find(sha256);
        if (image.isEmpty() || !store.mayRead(caller, sha256)) {
            throw ApiException.notFound("Image '" + sha256 + "' not found");
        }
        return image.get();
    }

    /**
     * Creates a view-only link to an image and keeps the image while the link exists. The caller
     * must be able to read the image and also publish it: as one of its uploaders, or as an editor
     * or owner of a project that contains it. Reading alone is not enough, so a viewer cannot make
     * a project's image public. Administrators follow the same rule.
     *
     * @param projectId the project the link is to belong to, or {@code null} to let the service
     *                  choose: no project for an uploader, otherwise the only project that contains
     *                  the image and in which the caller is editor or owner
     * @throws ApiException 404 when the caller may not read the image or is not a member of
     *         {@code projectId}, 403 when the caller may not publish it, 400 when
     *         {@code projectId} does not contain the image or is needed to choose among several
     *         projects
     */
    Created createImageShare(Principal caller, String sha256, Instant expiresAt, String projectId) {
        ImageStore store = requireImageStore();
        requireVisibleImage(caller, sha256);
        checkExpiry(expiresAt);
        String owningProject = publishingProject(caller, sha256, projectId, store);
        Created created = insert(TargetType.IMAGE, sha256, ProjectRole.VIEWER, caller.userId(), expiresAt, null, owningProject);
        store.link(sha256, new ImageReference(ImageReference.Kind.SHARE, created.share().id()));
        return created;
    }

    /** Returns the project a new image link belongs to, or {@code null} for an uploader's own link. */
    private String publishingProject(Principal caller, String sha256, String projectId, ImageStore store) {
        if (projectId != null) {
            ProjectRole role = projectAccess.roleOf(caller.userId(), projectId)
                    .orElseThrow(() -> ApiException.notFound("Project '" + projectId + "' not found"));
            if (!role.atLeast(ProjectRole.EDITOR)) {
                throw ApiException.forbidden("You are " + role.jsonName() + " in project '" + projectId
                        + "'; publishing its images needs the editor or owner role");
            }
            if (!store.references(sha256).contains(ImageReference.project(projectId))) {
                throw ApiException.invalidField("projectId", "contains", "Field 'projectId' names project '" + projectId
                        + "', which does not contain image '" + sha256 + "': name a project that uses the image");
            }
            return projectId;
        }
        if (store.isUploader(sha256, caller.userId())) {
            return null;
        }
        List<String> editable = store.references(sha256).stream()
                .filter(reference -> reference.kind() == ImageReference.Kind.PROJECT)
                .map(ImageReference::id)
                .filter(id -> isEditor(caller.userId(), id))
                .sorted()
                .toList();
        if (editable.size() == 1) {
            return editable.get(0);
        }
        if (editable.isEmpty()) {
            throw ApiException.forbidden("Publishing image '" + sha256 + "' needs the editor or owner role in a project that"
                    + " contains it, unless you uploaded it");
        }
        throw ApiException.invalidField("projectId", "required", "Field 'projectId' is missing: image '" + sha256
                + "' is in " + editable.size() + " of your projects, so name the project the link belongs to");
    }

    private boolean isEditor(String userId, String projectId) {
        return projectAccess.roleOf(userId, projectId).filter(role -> role.atLeast(ProjectRole.EDITOR)).isPresent();
    }

    /**
     * Returns whether the creator of a link may still publish its target. Project links always
     * pass. An image link that belongs to a project passes while the project still contains the
     * image and the creator is still its editor or owner, and an uploader's own link passes while
     * the creator is an uploader. The share page checks this each time a link is opened, so
     * removing a member or lowering their role ends their image links with the next request. A
     * link that was not revoked works again when the creator regains the role.
     */
    boolean creatorMayPublish(ShareRecord share) {
        if (share.targetType() != TargetType.IMAGE) {
            return true;
        }
        ImageStore store = imageStore;
        if (store == null) {
            return false;
        }
        if (share.projectId() == null) {
            return store.isUploader(share.targetId(), share.createdBy());
        }
        return isEditor(share.createdBy(), share.projectId())
                && store.references(share.targetId()).contains(ImageReference.project(share.projectId()));
    }

    /** Returns whether the link opens its target now: active, and its creator may still publish it. */
    boolean opensNow(ShareRecord share) {
        return share.activeAt(clock.instant()) && creatorMayPublish(share);
    }

    /**
     * Returns the image's links that the caller may manage: the caller's own, those of projects in
     * which the caller is editor or owner, and every link for an administrator.
     */
    List<ShareRecord> listImageShares(Principal caller, String sha256) {
        requireVisibleImage(caller, sha256);
        return repository.listByTarget(TargetType.IMAGE, sha256).stream()
                .filter(share -> mayManageImageShare(caller, share))
                .toList();
    }

    private boolean mayManageImageShare(Principal caller, ShareRecord share) {
        if (caller.admin() || share.createdBy().equals(caller.userId())) {
            return true;
        }
        return share.projectId() != null && isEditor(caller.userId(), share.projectId());
    }

    /**
     * Revokes an image link that the caller may manage, as listed by {@link #listImageShares}.
     *
     * @throws ApiException 404 when the image has no such link that the caller may manage
     */
    ShareRecord revokeImageShare(Principal caller, String sha256, String shareId) {
        requireVisibleImage(caller, sha256);
        ShareRecord share = repository.findById(shareId)
                .filter(found -> found.targetType() == TargetType.IMAGE && found.targetId().equals(sha256))
                .filter(found -> mayManageImageShare(caller, found))
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

    private Created insert(TargetType type, String targetId, ProjectRole role, String createdBy, Instant expiresAt,
            String invitedEmail, String projectId) {
        String token = ShareTokens.newToken();
        ShareRecord share = new ShareRecord(ShareTokens.newShareId(), ShareTokens.hash(token), type, targetId, role,
                createdBy, clock.instant(), expiresAt, null, invitedEmail, projectId);
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
