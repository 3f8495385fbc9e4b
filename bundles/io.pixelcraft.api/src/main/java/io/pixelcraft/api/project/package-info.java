/**
 * Projects and their documents as other bundles use them: the collaboration room, version
 * history and the console load documents, apply op batches and follow changes through
 * {@link io.pixelcraft.api.project.ProjectDocuments}, so REST and live edits share one order per
 * project. The share bundle reads project names and adds members through
 * {@link io.pixelcraft.api.project.ProjectMembership}. Bundles that store data per project
 * register a {@link io.pixelcraft.api.project.ProjectLifecycle} service, which the trash purge
 * calls to delete that data.
 *
 * <p>{@link io.pixelcraft.api.project.ProjectDocuments} and
 * {@link io.pixelcraft.api.project.ProjectMembership} are provider types that only the projects
 * bundle implements; {@link io.pixelcraft.api.project.DocumentListener} and
 * {@link io.pixelcraft.api.project.ProjectLifecycle} are consumer types.
 * Callers and listeners import this package with {@code [1.2,2.0)}. The projects bundle imports it
 * with {@code [1.2,1.3)}, because a minor version may add methods to provider types but never to
 * consumer types. Version 1.1 added {@link io.pixelcraft.api.project.ProjectLifecycle}, and 1.2
 * added {@link io.pixelcraft.api.project.ProjectMembership#isTrashedAndOwnedBy}.
 */
@Version("1.2.0")
@Export
package io.pixelcraft.api.project;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
