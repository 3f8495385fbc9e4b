package io.pixelcraft.versions.internal;

import io.pixelcraft.api.document.DocumentEngine;
import io.pixelcraft.api.document.FilterLookup;
import io.pixelcraft.api.document.ImageLookup;
import io.pixelcraft.api.image.ImageStore;
import io.pixelcraft.api.project.DocumentListener;
import io.pixelcraft.api.project.ProjectDocuments;
import io.pixelcraft.api.project.ProjectLifecycle;
import io.pixelcraft.api.storage.StorageService;
import io.pixelcraft.api.web.Route;
import io.pixelcraft.api.web.RouteProvider;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the version routes, a {@link DocumentListener} service that the projects bundle
 * calls after every change of any project, and a {@link ProjectLifecycle} service that deletes a
 * project's versions when the trash purge removes the project. Runs checkpoints and retention on
 * one scheduler thread, and serves the console commands.
 *
 * <p>The two services are registered by hand once this component is active, not as DS services
 * of it. As DS services they would form a cycle at activation: the projects component binds every
 * listener and lifecycle service while it activates, and this component needs the projects
 * component's {@link ProjectDocuments} to activate. Images come from the optional {@link ImageStore} and
 * filters from the optional {@link FilterLookup}; without them thumbnails show placeholders.
 */
@Component(service = {RouteProvider.class, VersionsComponent.class}, immediate = true,
        configurationPid = "io.pixelcraft.versions")
@Designate(ocd = VersionsConfig.class)
public final class VersionsComponent implements RouteProvider {

    private static final Logger LOG = LoggerFactory.getLogger(VersionsComponent.class);
    /** How often the scheduler looks for projects due for a checkpoint and for a retention run. */
    private static final long TICK_SECONDS = 30;

    private final VersionService versions;
    private final CheckpointTracker tracker;
    private final List<Route> routes;
    private final ScheduledExecutorService scheduler;
    private final ServiceRegistration<DocumentListener> listenerRegistration;
    private final ServiceRegistration<ProjectLifecycle> lifecycleRegistration;
    private final Clock clock = Clock.systemUTC();
    private volatile VersionSettings settings;
    private volatile Instant nextRetention;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile ImageStore imageStore;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile FilterLookup filterLookup;

    @Activate
    public VersionsComponent(@Reference StorageService storage, @Reference DocumentEngine engine,
            @Reference ProjectDocuments documents, VersionsConfig config, BundleContext context) {
        this.settings = VersionSettings.from(config);
        AtomicInteger threads = new AtomicInteger();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "pixelcraft-versions-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.versions = new VersionService(documents, engine, new VersionStore(storage), clock, () -> settings,
                this::images, this::filters);
        this.tracker = new CheckpointTracker(versions, scheduler, clock, () -> settings);
        this.routes = new VersionRoutes(versions, tracker::takePendingAuthors).routes();
        this.nextRetention = clock.instant().plus(settings.retentionInterval());
        scheduler.scheduleWithFixedDelay(this::tick, TICK_SECONDS, TICK_SECONDS, TimeUnit.SECONDS);
        this.listenerRegistration = context.registerService(DocumentListener.class, tracker, null);
        this.lifecycleRegistration = context.registerService(ProjectLifecycle.class, versions::purgeProject,
                new Hashtable<>(Map.of(ProjectLifecycle.NAME_PROPERTY, "versions")));
        LOG.info("Version history started: a checkpoint every {} ops or {} min of editing, all checkpoints kept {} h, "
                + "hourly ones until {} days, retention every {} min",
                settings.checkpointEveryOps(), settings.checkpointEvery().toMinutes(),
                settings.retention().keepAll().toHours(), settings.retention().hourlyUntil().toDays(),
                settings.retentionInterval().toMinutes());
    }

    @Modified
    void modified(VersionsConfig config) {
        settings = VersionSettings.from(config);
        nextRetention = clock.instant().plus(settings.retentionInterval());
        LOG.info("Version history settings changed: a checkpoint every {} ops or {} min, retention every {} min",
                settings.checkpointEveryOps(), settings.checkpointEvery().toMinutes(),
                settings.retentionInterval().toMinutes());
    }

    @Deactivate
    void deactivate() {
        for (ServiceRegistration<?> registration : List.of(listenerRegistration, lifecycleRegistration)) {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // The framework already unregistered it because the bundle is stopping.
            }
        }
        scheduler.shutdownNow();
        LOG.info("Version history stopped; {} projects had edits not yet in a checkpoint", tracker.pendingProjects());
    }

    @Override
    public List<Route> routes() {
        return routes;
    }

    private void tick() {
        try {
            tracker.checkpointIdleProjects();
            if (!clock.instant().isBefore(nextRetention)) {
                nextRetention = clock.instant().plus(settings.retentionInterval());
                runRetention(Optional.empty());
            }
        } catch (RuntimeException e) {
            LOG.error("The version scheduler failed; it tries again in {} s", TICK_SECONDS, e);
        }
    }

    // ---- console ----

    /** Returns up to {@code limit} versions of a project, newest first. */
    public List<VersionRecord> list(String projectId, int limit) {
        return versions.list(projectId, VersionStore.MAX_NUMBER + 1, limit);
    }

    /** Applies retention now to one project or to every project with versions; failures are reported per project. */
    public List<RetentionResult> runRetention(Optional<String> projectId) {
        List<String> projects = projectId.map(List::of).orElseGet(versions::projectsWithVersions);
        List<RetentionResult> results = new ArrayList<>();
        for (String id : projects) {
            try {
                results.add(versions.applyRetention(id));
            } catch (RuntimeException e) {
                LOG.error("Retention of the versions of project {} failed; the next run retries", id, e);
                results.add(new RetentionResult(id, List.of(), 0, e.getMessage()));
            }
        }
        return results;
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
}
