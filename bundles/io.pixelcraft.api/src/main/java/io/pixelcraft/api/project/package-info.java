/**
 * Projects and their documents as other bundles use them: the collaboration room, version
 * history and the console load documents, apply op batches and follow changes through
 * {@link io.pixelcraft.api.project.ProjectDocuments}, so REST and live edits share one order per
 * project. The share bundle reads project names and adds members through
 * {@link io.pixelcraft.api.project.ProjectMembership}.
 *
 * <p>{@link io.pixelcraft.api.project.ProjectDocuments} and
 * {@link io.pixelcraft.api.project.ProjectMembership} are provider types that only the projects
 * bundle implements; {@link io.pixelcraft.api.project.DocumentListener} is a consumer type.
 * Callers and listeners import this package with {@code [1.0,2.0)}; the projects bundle imports it
 * with {@code [1.0,1.1)}, because a minor version may add methods to provider types but never to
 * consumer types.
 */
@Version("1.0.0")
@Export
package io.pixelcraft.api.project;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
