package io.pixelcraft.projects.internal;

import com.mongodb.client.model.Updates;
import io.pixelcraft.api.account.AccountService;
import io.pixelcraft.api.account.UserInfo;
import io.pixelcraft.api.project.ProjectNotFoundException;
import io.pixelcraft.api.project.ProjectSummary;
import io.pixelcraft.api.web.ApiException;
import io.pixelcraft.api.web.ProjectAccess;
import io.pixelcraft.api.web.ProjectRole;
import io.pixelcraft.projects.internal.Views.MemberView;
import io.pixelcraft.projects.internal.Views.ProjectView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Manages projects, their members and the trash, and looks up roles for the web dispatcher. */
final class ProjectService implements ProjectAccess {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectService.class);
    static final Pattern PROJECT_ID = Pattern.compile("[0-9a-f]{24}");
    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    static final int MAX_NAME_LENGTH = 200;
    /** Seconds a client waits before retrying a member change while the account service is missing. */
    private static final long ACCOUNTS_RETRY_SECONDS = 30;

    private final ProjectRepository projects;
    private final DocumentService documents;
    private final DocumentStore store;
    private final Clock clock;
    private final Duration trashRetention;
    /** The optional account service; supplies {@code null} while none is registered. */
    private final Supplier<AccountService> accounts;

    /** Creates a service without an account service, so member changes fail with 503. */
    ProjectService(ProjectRepository projects, DocumentService documents, DocumentStore store, Clock clock, Duration trashRetention) {
        this(projects, documents, store, clock, trashRetention, () -> null);
    }

    ProjectService(ProjectRepository projects, DocumentService documents, DocumentStore store, Clock clock, Duration trashRetention,
            Supplier<AccountService> accounts) {
        this.projects = projects;
        this.documents = documents;
        this.store = store;
        this.clock = clock;
        this.trashRetention = trashRetention;
        this.accounts = accounts;
    }

    @Override
    public Optional<ProjectRole> roleOf(String userId, String projectId) {
        if (userId == null || projectId == null || !PROJECT_ID.matcher(projectId).matches()) {
            return Optional.empty();
        }
        return projects.find(projectId).filter(p -> !p.inTrash()).map(p -> p.roleOf(userId));
    }

    /** Returns whether the project is in the trash and the user owns it. */
    boolean isTrashedAndOwnedBy(String projectId, String userId) {
        if (userId == null || projectId == null || !PROJECT_ID.matcher(projectId).matches()) {
            return false;
        }
        return projects.find(projectId).filter(ProjectRecord::inTrash)
                .map(p -> p.roleOf(userId) == ProjectRole.OWNER).orElse(false);
    }

    ProjectView create(String userId, String name, double width, double height) {
        String id = new ObjectId().toHexString();
        String checkedName = checkName(name);
        ObjectId snapshot = documents.initialize(id, width, height);
        // BSON dates store milliseconds, so the create response uses the same precision as later reads.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        ProjectRecord project = new ProjectRecord(id, checkedName, userId, Map.of(userId, ProjectRole.OWNER),
                now, now, null, null, 0, 0, snapshot);
        projects.insert(project);
        LOG.info("User {} created project {}", userId, id);
        return view(project, userId);
    }

    /** Returns the project for a member; the dispatcher has checked the role already. */
    ProjectView get(String userId, String projectId) {
        return view(require(projectId), userId);
    }

    ProjectView patch(String userId, String projectId, String name, String thumbnail) {
        ProjectRecord project = require(projectId);
        List<Bson> updates = new ArrayList<>();
        if (name != null) {
            updates.add(Updates.set("name", checkName(name)));
        }
        if (thumbnail != null) {
            if (!SHA256.matcher(thumbnail).matches()) {
                throw ApiException.invalidField("thumbnail", "syntax", "Field 'thumbnail' must be the SHA-256 of a stored image: 64 lower-case hex digits");
            }
            updates.add(Updates.set("thumbnail", thumbnail));
        }
        if (updates.isEmpty()) {
            throw ApiException.badRequest("The request changes nothing: give 'name' and/or 'thumbnail'");
        }
        updates.add(Updates.set("updatedAt", Date.from(clock.instant())));
        projects.update(projectId, updates.toArray(new Bson[0]));
        return view(require(projectId), userId);
    }

    void moveToTrash(String userId, String projectId) {
        require(projectId);
        projects.update(projectId, Updates.set("deletedAt", Date.from(clock.instant())));
        documents.evict(projectId);
        LOG.info("User {} moved project {} to the trash", userId, projectId);
    }

    ProjectView restore(String userId, String projectId) {
        ProjectRecord project = projects.find(projectId)
                .filter(p -> p.roleOf(userId) == ProjectRole.OWNER)
                .orElseThrow(() -> ApiException.notFound("Project '" + projectId + "' was not found"));
        if (!project.inTrash()) {
            return view(project, userId);
        }
        if (project.deletedAt().plus(trashRetention).isBefore(clock.instant())) {
            throw ApiException.gone("Project '" + projectId + "' left the trash for good on "
                    + project.deletedAt().plus(trashRetention) + " and cannot be restored");
        }
        projects.update(projectId, Updates.set("deletedAt", null));
        LOG.info("User {} restored project {} from the trash", userId, projectId);
        return view(require(projectId), userId);
    }

    /** Returns one page of the user's live projects, or of the trashed projects the user owns. */
    Page page(String userId, String cursor, int limit, boolean trash) {
        if (cursor != null && !PROJECT_ID.matcher(cursor).matches()) {
            throw ApiException.invalidField("cursor", "syntax", "Query parameter 'cursor' is not a cursor from a previous page");
        }
        List<ProjectView> items = new ArrayList<>();
        String next = cursor;
        // Trashed or stale memberships are filtered after the query, so a page may need several reads.
        while (items.size() < limit) {
            List<String> ids = projects.memberProjectIds(userId, next, limit);
            for (ProjectRecord project : projects.findAll(ids)) {
                ProjectRole role = project.roleOf(userId);
                boolean wanted = trash ? project.inTrash() && role == ProjectRole.OWNER : !project.inTrash() && role != null;
                if (wanted && items.size() < limit) {
                    items.add(view(project, userId));
                }
            }
            if (ids.size() < limit) {
                return new Page(items, null);
            }
            next = ids.get(ids.size() - 1);
        }
        return new Page(items, items.get(items.size() - 1).id());
    }

    record Page(List<ProjectView> items, String next) {
    }

    List<MemberView> members(String projectId) {
        List<MemberView> result = new ArrayList<>();
        require(projectId).members().forEach((userId, role) -> result.add(new MemberView(userId, role.jsonName())));
        return result;
    }

    /**
     * Adds a member or changes a role. Giving the owner role transfers ownership: the previous
     * owner becomes an editor.
     *
     * @throws ApiException 404 when the user is unknown or disabled, 503 when no account service
     *                      is registered to check that
     */
    MemberView putMember(String callerId, String projectId, String userId, ProjectRole role) {
        checkUserId(userId);
        ProjectRecord project = require(projectId);
        requireActiveUser(projectId, userId);
        Map<String, ProjectRole> members = new LinkedHashMap<>(project.members());
        String ownerId = project.ownerId();
        if (role == ProjectRole.OWNER) {
            members.put(ownerId, ProjectRole.EDITOR);
            ownerId = userId;
        } else if (userId.equals(ownerId)) {
            throw ApiException.conflict("User '" + userId + "' owns the project: give the owner role to another member first");
        }
        members.put(userId, role);
        projects.saveMembers(projectId, ownerId, members, clock.instant());
        projects.putMember(projectId, userId, role);
        if (!ownerId.equals(project.ownerId())) {
            projects.putMember(projectId, project.ownerId(), ProjectRole.EDITOR);
            LOG.info("User {} transferred project {} to user {}", callerId, projectId, userId);
        }
        return new MemberView(userId, role.jsonName());
    }

    /** Returns the name and thumbnail of a live project, or empty for a malformed, unknown or trashed id. */
    Optional<ProjectSummary> summary(String projectId) {
        if (projectId == null || !PROJECT_ID.matcher(projectId).matches()) {
            return Optional.empty();
        }
        return projects.find(projectId).filter(p -> !p.inTrash())
                .map(p -> new ProjectSummary(p.id(), p.name(), p.thumbnail()));
    }

    /**
     * Adds a user with a role or raises the user's role to it; a role is never lowered.
     *
     * @throws ProjectNotFoundException for a malformed, unknown or trashed project
     * @throws IllegalArgumentException for the owner role, which only an explicit transfer gives
     */
    ProjectRole join(String projectId, String userId, ProjectRole role) {
        if (role == ProjectRole.OWNER) {
            throw new IllegalArgumentException("Joining never gives the owner role; the owner transfers it explicitly");
        }
        checkUserId(userId);
        ProjectRecord project = (projectId == null || !PROJECT_ID.matcher(projectId).matches()
                ? Optional.<ProjectRecord>empty() : projects.find(projectId))
                .filter(p -> !p.inTrash())
                .orElseThrow(() -> new ProjectNotFoundException(projectId));
        ProjectRole current = project.roleOf(userId);
        if (current != null && current.atLeast(role)) {
            return current;
        }
        Map<String, ProjectRole> members = new LinkedHashMap<>(project.members());
        members.put(userId, role);
        projects.saveMembers(projectId, project.ownerId(), members, clock.instant());
        projects.putMember(projectId, userId, role);
        LOG.info("User {} joined project {} as {}", userId, projectId, role.jsonName());
        return role;
    }

    /** Removes a member; owners remove anyone but themselves, other members only themselves. */
    void removeMember(String callerId, ProjectRole callerRole, String projectId, String userId) {
        checkUserId(userId);
        ProjectRecord project = require(projectId);
        if (!callerId.equals(userId) && callerRole != ProjectRole.OWNER) {
            throw ApiException.forbidden("Only the owner can remove other members");
        }
        if (userId.equals(project.ownerId())) {
            throw ApiException.conflict("The owner cannot leave the project: transfer ownership first");
        }
        if (!project.members().containsKey(userId)) {
            throw ApiException.notFound("User '" + userId + "' is not a member of project '" + projectId + "'");
        }
        Map<String, ProjectRole> members = new LinkedHashMap<>(project.members());
        members.remove(userId);
        projects.saveMembers(projectId, project.ownerId(), members, clock.instant());
        projects.removeMember(projectId, userId);
    }

    /** Checks through the account service that the user exists and may sign in. */
    private void requireActiveUser(String projectId, String userId) {
        AccountService service = accounts.get();
        if (service == null) {
            LOG.warn("Rejected a member change of project {} for user {}: no account service is registered", projectId, userId);
            throw ApiException.unavailable("Member changes are unavailable because the account service is not running: retry later",
                    ACCOUNTS_RETRY_SECONDS);
        }
        Optional<UserInfo> user = service.findUser(userId);
        if (user.isEmpty() || user.get().disabled()) {
            throw ApiException.notFound("User '" + userId + "' was not found or is disabled: check the user id");
        }
    }

    private ProjectRecord require(String projectId) {
        return projects.find(projectId).filter(p -> !p.inTrash())
                .orElseThrow(() -> ApiException.notFound("Project '" + projectId + "' was not found"));
    }

    private ProjectView view(ProjectRecord project, String userId) {
        ProjectRole role = project.roleOf(userId);
        return new ProjectView(project.id(), project.name(), project.ownerId(), role == null ? null : role.jsonName(),
                project.createdAt(), project.updatedAt(), project.deletedAt(),
                project.deletedAt() == null ? null : project.deletedAt().plus(trashRetention),
                project.thumbnail(), project.revision());
    }

    static String checkName(String name) {
        if (name == null || name.isBlank()) {
            throw ApiException.invalidField("name", "required", "Field 'name' is missing or blank: give the project a name");
        }
        String trimmed = name.strip();
        if (trimmed.length() > MAX_NAME_LENGTH) {
            throw ApiException.invalidField("name", "length", "Field 'name' has " + trimmed.length()
                    + " characters: use at most " + MAX_NAME_LENGTH);
        }
        int invalid = firstInvalidCharacter(trimmed);
        if (invalid >= 0) {
            throw ApiException.invalidField("name", "format", String.format(
                    "Field 'name' contains a control character or lone surrogate (U+%04X at index %d): remove it",
                    (int) trimmed.charAt(invalid), invalid));
        }
        return trimmed;
    }

    /** Returns the index of the first control character (category Cc) or unpaired surrogate, or -1. */
    static int firstInvalidCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                return i;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    private static void checkUserId(String userId) {
        if (!USER_ID.matcher(userId).matches()) {
            throw ApiException.invalidField("userId", "syntax", "Path parameter 'userId' is not a valid user id");
        }
    }
}
