package io.pixelcraft.projects.internal;

import io.pixelcraft.api.document.DocumentSnapshot;
import io.pixelcraft.api.document.Node;
import io.pixelcraft.api.document.Op;
import io.pixelcraft.api.document.Property;
import io.pixelcraft.api.document.ValueKind;
import io.pixelcraft.api.image.ImageReference;
import io.pixelcraft.api.image.ImageStore;
import io.pixelcraft.api.project.ProjectLifecycle;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.bson.types.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes projects whose trash retention has ended, with everything stored for them.
 *
 * <p>For each project, in this order: every registered {@link ProjectLifecycle} deletes its own
 * data (versions, share links), the project's image references are removed, then the op log,
 * the snapshots and last the project document. The project document is removed last because it
 * is what the next run finds: when any step fails, the project stays in the trash and the next
 * run repeats every step, which are all idempotent. So a failure never leaves data behind
 * without a retry.
 *
 * <p>A bundle that is not running during the purge is not called, and the data it stores for the
 * project would stay for good. So no project is purged while a lifecycle service named in
 * {@code purgeWaitsFor} (by {@link ProjectLifecycle#NAME_PROPERTY}) is missing. NOTE: a service
 * that registers without a name, or whose name is not listed, gets no such wait.
 */
final class TrashPurge {

    private static final Logger LOG = LoggerFactory.getLogger(TrashPurge.class);
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final ProjectRepository projects;
    private final DocumentStore store;
    private final Clock clock;
    private final Duration retention;
    /** Supplier of the optional image store, which returns {@code null} while none is registered. */
    private final Supplier<ImageStore> images;
    /** The registered lifecycle services, copied before each use because services come and go during a run. */
    private final List<ProjectLifecycle> lifecycles;
    /** Names of the lifecycle services without which no project is purged. */
    private final Set<String> requiredNames;
    /** Supplier of the names of the registered lifecycle services. */
    private final Supplier<Set<String>> registeredNames;

    /** Creates a purge that waits for no lifecycle service. */
    TrashPurge(ProjectRepository projects, DocumentStore store, Clock clock, Duration retention,
            Supplier<ImageStore> images, List<ProjectLifecycle> lifecycles) {
        this(projects, store, clock, retention, images, lifecycles, Set.of(), Set::of);
    }

    TrashPurge(ProjectRepository projects, DocumentStore store, Clock clock, Duration retention,
            Supplier<ImageStore> images, List<ProjectLifecycle> lifecycles, Set<String> requiredNames,
            Supplier<Set<String>> registeredNames) {
        this.projects = projects;
        this.store = store;
        this.clock = clock;
        this.retention = retention;
        this.images = images;
        this.lifecycles = lifecycles;
        this.requiredNames = Set.copyOf(requiredNames);
        this.registeredNames = registeredNames;
    }

    /**
     * Purges every project whose trash retention has ended and returns how many were purged.
     * Purges none while a required lifecycle service is missing.
     */
    int purgeExpired() {
        List<String> expired = projects.trashedBefore(clock.instant().minus(retention));
        Set<String> missing = new TreeSet<>(requiredNames);
        missing.removeAll(registeredNames.get());
        if (!expired.isEmpty() && !missing.isEmpty()) {
            LOG.warn("Purging {} projects from the trash waits until the ProjectLifecycle services {} are registered; "
                    + "start their bundles or remove them from purgeWaitsFor of PID io.pixelcraft.projects", expired.size(), missing);
            return 0;
        }
        int purged = 0;
        for (String projectId : expired) {
            try {
                if (purge(projectId)) {
                    purged++;
                }
            } catch (RuntimeException e) {
                LOG.error("Purging project {} from the trash failed; it stays in the trash and the next run retries",
                        projectId, e);
            }
        }
        return purged;
    }

    /**
     * Purges one project and returns whether it is gone. Returns false, with the reason logged,
     * when a lifecycle service failed or images must be unlinked while no image store is
     * registered.
     */
    private boolean purge(String projectId) {
        Optional<ProjectRecord> project = projects.find(projectId);
        if (project.isEmpty()) {
            return false;
        }
        if (!purgeOtherBundles(projectId)) {
            return false;
        }
        if (!unlinkImages(project.get())) {
            return false;
        }
        store.deleteAll(projectId);
        projects.delete(project.get());
        LOG.info("Purged project {} from the trash with its documents, image references and the data of {} other services",
                projectId, lifecycles.size());
        return true;
    }

    /** Calls every lifecycle service, also after one failed, and returns whether all succeeded. */
    private boolean purgeOtherBundles(String projectId) {
        boolean succeeded = true;
        for (ProjectLifecycle lifecycle : List.copyOf(lifecycles)) {
            try {
                lifecycle.purge(projectId);
            } catch (RuntimeException e) {
                LOG.error("Purging project {} in {} failed; the project stays in the trash and the next run retries",
                        projectId, lifecycle.getClass().getName(), e);
                succeeded = false;
            }
        }
        return succeeded;
    }

    /**
     * Removes the project's reference from every image that its document, op log or thumbnail
     * names. Returns false when there are images to unlink but no image store is registered.
     */
    private boolean unlinkImages(ProjectRecord project) {
        Set<String> hashes = imageHashes(project);
        if (hashes.isEmpty()) {
            return true;
        }
        ImageStore imageStore = images.get();
        if (imageStore == null) {
            LOG.warn("Purging project {} waits for the image store, which must unlink {} images; the next run retries",
                    project.id(), hashes.size());
            return false;
        }
        ImageReference reference = ImageReference.project(project.id());
        for (String sha256 : hashes) {
            imageStore.unlink(sha256, reference);
        }
        return true;
    }

    /**
     * Returns the hashes of the images that the project linked: the ops of its log, every stored
     * snapshot (a version restore writes one without ops) and the thumbnail. Images uploaded into
     * the project but never placed are unlinked by the imaging bundle's lifecycle service.
     */
    private Set<String> imageHashes(ProjectRecord project) {
        Set<String> hashes = new TreeSet<>();
        store.forEachLoggedBatch(project.id(), ops -> {
            for (Op op : ops) {
                addImageHashes(op.props(), hashes);
            }
        });
        for (ObjectId file : store.snapshotFiles(project.id())) {
            DocumentSnapshot snapshot = store.readSnapshot(project.id(), file);
            for (Node node : snapshot.nodes()) {
                addImageHashes(node.props(), hashes);
            }
        }
        if (project.thumbnail() != null && SHA256.matcher(project.thumbnail()).matches()) {
            hashes.add(project.thumbnail());
        }
        return hashes;
    }

    /** Adds the values of image-hash properties ({@link ValueKind#SHA256} in the engine's table). */
    static void addImageHashes(Map<String, Object> props, Set<String> hashes) {
        if (props == null) {
            return;
        }
        for (Map.Entry<String, Object> entry : props.entrySet()) {
            Property property = Property.byJsonName(entry.getKey());
            if (property != null && property.kind() == ValueKind.SHA256
                    && entry.getValue() instanceof String sha256 && SHA256.matcher(sha256).matches()) {
                hashes.add(sha256);
            }
        }
    }
}
