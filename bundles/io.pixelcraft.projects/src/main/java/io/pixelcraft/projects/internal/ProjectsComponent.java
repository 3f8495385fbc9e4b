package io.pixelcraft.projects.internal;

import io.pixelcraft.api.account.AccountService;
import io.pixelcraft.api.collab.LiveRooms;
import io.pixelcraft.api.document.BatchResult;
import io.pixelcraft.api.document.DocumentEngine;
import io.pixelcraft.api.document.DocumentSnapshot;
import io.pixelcraft.api.document.FilterLookup;
import io.pixelcraft.api.document.ImageLookup;
import io.pixelcraft.api.document.Op;
import io.pixelcraft.api.image.ImageReference;
import io.pixelcraft.api.image.ImageStore;
import io.pixelcraft.api.project.DocumentChange;
import io.pixelcraft.api.project.DocumentListener;
import io.pixelcraft.api.project.ProjectDocuments;
import io.pixelcraft.api.project.ProjectLifecycle;
import io.pixelcraft.api.project.ProjectMembership;
import io.pixelcraft.api.project.ProjectSummary;
import io.pixelcraft.api.storage.StorageService;
import io.pixelcraft.api.web.ProjectAccess;
import io.pixelcraft.api.web.ProjectRole;
import io.pixelcraft.api.web.Route;
import io.pixelcraft.api.web.RouteProvider;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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
 * Registers the project routes, the project role lookup and {@link ProjectDocuments}. Images come
 * from the optional {@link ImageStore} and node filters from the optional {@link FilterLookup};
 * without them, exports show image placeholders and skip filters. Every {@link DocumentListener}
 * registered as a service is called after each change of any project on this node, as the
 * listeners of {@link #subscribe} are (version history counts edits for checkpoints this way).
 * Every {@link ProjectLifecycle} registered as a service deletes its data of a project when the
 * trash purge removes the project. After edits, {@link ProjectThumbnails} renders each changed
 * project's thumbnail in the background.
 */
@Component(service = {RouteProvider.class, ProjectAccess.class, ProjectDocuments.class, ProjectMembership.class}, configurationPid = "io.pixelcraft.projects")
@Designate(ocd = ProjectsConfig.class)
public final class ProjectsComponent implements RouteProvider, ProjectAccess, ProjectDocuments, ProjectMembership {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectsComponent.class);

    private final DocumentService documents;
    private final ProjectService projects;
    private final TrashPurge trashPurge;
    private final List<ProjectLifecycle> lifecycles = new CopyOnWriteArrayList<>();
    /** The {@link ProjectLifecycle#NAME_PROPERTY} of each registered lifecycle service that has one. */
    private final Map<ProjectLifecycle, String> lifecycleNames = new ConcurrentHashMap<>();
    private final List<Route> routes;
    private final ScheduledExecutorService purger;
    /** Thumbnail renders after edits, {@code null} when {@link ProjectsConfig#thumbnailsEnabled()} is false. */
    private final ProjectThumbnails thumbnails;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile ImageStore imageStore;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile FilterLookup filterLookup;

    /** The collaboration rooms; while one is open for a project, REST op batches go through it. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile LiveRooms liveRooms;

    /** Checks that users exist before they become members; without it member changes fail with 503. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile AccountService accountService;

    @Activate
    public ProjectsComponent(@Reference StorageService storage, @Reference DocumentEngine engine, ProjectsConfig config) {
        Clock clock = Clock.systemUTC();
        ProjectRepository repository = new ProjectRepository(storage);
        DocumentStore store = new DocumentStore(storage);
        this.documents = new DocumentService(engine, repository, store, clock,
                Math.max(1, config.snapshotEveryBatches()), Math.max(1, config.cachedDocuments()));
        Duration retention = Duration.ofDays(Math.max(0, config.trashRetentionDays()));
        this.projects = new ProjectService(repository, documents, store, clock, retention, () -> accountService);
        this.trashPurge = new TrashPurge(repository, store, clock, retention, () -> imageStore, lifecycles,
                listedNames(config.purgeWaitsFor()), () -> Set.copyOf(lifecycleNames.values()));
        this.routes = new ProjectRoutes(projects, documents, () -> liveRooms, () -> imageStore, engine, this::images,
                this::filters, config.defaultCanvasWidth(), config.defaultCanvasHeight(),
                new OpRateLimit(config.restOpsPerSecond(), config.restOpBurst())).routes();
        try {
            repository.createIndexes();
        } catch (RuntimeException e) {
            // Lookups by _id work without them; the next start tries again.
            LOG.error("Creating the project indexes failed", e);
        }
        documents.subscribeAll(this::linkImages);
        this.thumbnails = config.thumbnailsEnabled() ? startThumbnails(repository, engine, config) : null;
        int interval = Math.max(1, config.purgeIntervalMinutes());
        this.purger = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "pixelcraft-trash-purge"));
        purger.scheduleWithFixedDelay(this::purge, interval, interval, TimeUnit.MINUTES);
        LOG.info("Projects started: trash kept {} days, a snapshot every {} batches, {} cached documents",
                retention.toDays(), config.snapshotEveryBatches(), config.cachedDocuments());
    }

    /** Starts the thumbnail renders after edits, with the configured debounce and queue capacity. */
    private ProjectThumbnails startThumbnails(ProjectRepository repository, DocumentEngine engine, ProjectsConfig config) {
        long quiet = clamp("thumbnailQuietMillis", config.thumbnailQuietMillis(), 0, Long.MAX_VALUE / 4);
        long maxDelay = clamp("thumbnailMaxDelayMillis", config.thumbnailMaxDelayMillis(), 0, Long.MAX_VALUE / 4);
        int capacity = (int) clamp("thumbnailQueueCapacity", config.thumbnailQueueCapacity(), 1, Integer.MAX_VALUE);
        int size = (int) clamp("thumbnailSize", config.thumbnailSize(), 1, ThumbnailRenderer.MAX_SIZE);
        ThumbnailQueue queue = new ThumbnailQueue(quiet, maxDelay, capacity);
        ThumbnailRenderer renderer = new ThumbnailRenderer(repository, documents, engine, () -> imageStore, this::images,
                this::filters, size);
        ProjectThumbnails started = new ProjectThumbnails(queue, renderer);
        documents.subscribeAll(started);
        LOG.info("Project thumbnails started: {} px long edge, rendered {} ms after the last edit and at most {} ms "
                + "after the first, up to {} projects waiting", size, quiet, maxDelay, capacity);
        return started;
    }

    /** Returns the value within {@code [min, max]}, with a warning naming the property when it was outside. */
    private static long clamp(String property, long value, long min, long max) {
        long clamped = Math.max(min, Math.min(max, value));
        if (clamped != value) {
            LOG.warn("Configuration property {} of PID io.pixelcraft.projects is {}, outside {} to {}: using {}",
                    property, value, min, max, clamped);
        }
        return clamped;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addDocumentListener(DocumentListener listener) {
        documents.subscribeAll(listener);
    }

    void removeDocumentListener(DocumentListener listener) {
        documents.unsubscribeAll(listener);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addProjectLifecycle(ProjectLifecycle lifecycle, Map<String, Object> properties) {
        if (properties.get(ProjectLifecycle.NAME_PROPERTY) instanceof String name) {
            lifecycleNames.put(lifecycle, name);
        }
        lifecycles.add(lifecycle);
    }

    void removeProjectLifecycle(ProjectLifecycle lifecycle) {
        lifecycles.remove(lifecycle);
        lifecycleNames.remove(lifecycle);
    }

    @Deactivate
    void deactivate() {
        if (thumbnails != null) {
            documents.unsubscribeAll(thumbnails);
            thumbnails.close();
        }
        purger.shutdownNow();
        LOG.info("Projects stopped");
    }

    private void purge() {
        try {
            int purged = trashPurge.purgeExpired();
            if (purged > 0) {
                LOG.info("Purged {} projects whose trash retention ended", purged);
            }
        } catch (RuntimeException e) {
            LOG.error("Purging the trash failed; the next run retries", e);
        }
    }

    private ImageLookup images() {
        ImageStore store = imageStore;
        if (store == null) {
            return ImageLookup.NONE;
        }
        return sha256 -> {
            try {
                return Optional.of(store.readPixels(sha256));
            } catch (NoSuchElementException e) {
                return Optional.empty();
            }
        };
    }

    private FilterLookup filters() {
        FilterLookup lookup = filterLookup;
        return lookup == null ? FilterLookup.NONE : lookup;
    }

    /** Links images that ops put into a document, so the image cleanup keeps them. */
    private void linkImages(DocumentChange change) {
        ImageStore store = imageStore;
        if (store == null) {
            return;
        }
        // NOTE: images are never unlinked when nodes stop using them; that needs a scan of the
        // whole document and is left to the image cleanup.
        for (Op op : change.ops()) {
            Object hash = op.props() == null ? null : op.props().get("image");
            if (hash instanceof String sha256) {
                try {
                    store.link(sha256, ImageReference.project(change.projectId()));
                } catch (RuntimeException e) {
                    LOG.warn("Linking image {} to project {} failed: {}", sha256, change.projectId(), e.toString());
                }
            }
        }
    }

    @Override
    public List<Route> routes() {
        return routes;
    }

    @Override
    public Optional<ProjectRole> roleOf(String userId, String projectId) {
        return projects.roleOf(userId, projectId);
    }

    @Override
    public Optional<ProjectSummary> summary(String projectId) {
        return projects.summary(projectId);
    }

    @Override
    public boolean isTrashedAndOwnedBy(String projectId, String userId) {
        return projects.isTrashedAndOwnedBy(projectId, userId);
    }

    @Override
    public ProjectRole join(String projectId, String userId, ProjectRole role) {
        return projects.join(projectId, userId, role);
    }

    @Override
    public DocumentSnapshot load(String projectId) {
        return documents.load(projectId);
    }

    @Override
    public BatchResult apply(String projectId, List<Op> ops, String authorId) {
        return documents.apply(projectId, ops, authorId);
    }

    @Override
    public long replace(String projectId, DocumentSnapshot snapshot, String authorId) {
        return documents.replace(projectId, snapshot, authorId);
    }

    @Override
    public AutoCloseable subscribe(String projectId, DocumentListener listener) {
        return documents.subscribe(projectId, listener);
    }

    @Override
    public <T> T locked(String projectId, Supplier<T> action) {
        return documents.locked(projectId, action);
    }

    /**
     * Returns the names of a list setting. A {@code .cfg} file delivers {@code a,b,c} as one
     * string, and DS does not split it, so each element is split at commas here.
     */
    static Set<String> listedNames(String[] values) {
        Set<String> names = new java.util.LinkedHashSet<>();
        for (String value : values) {
            for (String name : value.split(",")) {
                if (!name.isBlank()) {
                    names.add(name.strip());
                }
            }
        }
        return names;
    }
}
