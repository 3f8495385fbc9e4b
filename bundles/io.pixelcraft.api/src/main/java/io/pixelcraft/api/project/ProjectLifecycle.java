package io.pixelcraft.api.project;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Deletes what another bundle stores for a project when the project leaves the trash for good.
 * Bundles that keep data per project (version history, share links) register an implementation
 * as an OSGi service. The projects bundle calls every registered one before it deletes the
 * project's own documents, snapshots and image references.
 *
 * <p>A purge that fails is retried: when {@link #purge} throws, the project stays in the trash
 * and the next purge run calls every registered implementation again, including the ones that
 * succeeded. So implementations must be idempotent, and a call for a project that has nothing
 * stored in this bundle does nothing.
 */
@ConsumerType
@FunctionalInterface
public interface ProjectLifecycle {

    /**
     * Name of the service property that names an implementation, for example {@code versions}.
     * The projects bundle's {@code purgeWaitsFor} setting lists the names that must be registered
     * before it purges any project, so that a stopped bundle does not keep its data for good.
     */
    String NAME_PROPERTY = "pixelcraft.lifecycle.name";

    /**
     * Deletes everything this bundle stores for the project: documents, GridFS files and the
     * image references it added. Runs on the projects bundle's purge thread, so it should finish
     * within seconds.
     *
     * @throws RuntimeException when the store fails. The projects bundle logs it with the project
     *         id and retries on its next purge run.
     */
    void purge(String projectId);
}
