package io.pixelcraft.projects.internal;

import io.pixelcraft.api.document.Document;
import io.pixelcraft.api.document.DocumentEngine;
import io.pixelcraft.api.document.DocumentSnapshot;
import io.pixelcraft.api.document.ExportFormat;
import io.pixelcraft.api.document.FilterLookup;
import io.pixelcraft.api.document.ImageLookup;
import io.pixelcraft.api.document.Node;
import io.pixelcraft.api.document.Property;
import io.pixelcraft.api.document.RenderRequest;
import io.pixelcraft.api.document.RenderResult;
import io.pixelcraft.api.image.ImageInfo;
import io.pixelcraft.api.image.ImageReference;
import io.pixelcraft.api.image.ImageStore;
import io.pixelcraft.api.project.ProjectNotFoundException;
import io.pixelcraft.projects.internal.ProjectRepository.ThumbnailState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders a project's current document as a PNG, stores it through the {@link ImageStore} linked
 * with the project, sets it as the project's {@code thumbnail} and unlinks the thumbnail it
 * replaces, so the image cleanup removes that one after its grace period.
 */
final class ThumbnailRenderer {

    /** The result of {@link #render}. */
    enum Outcome {
        /** A new thumbnail was stored and set. */
        RENDERED,
        /** The thumbnail already shows the current revision; nothing was rendered. */
        UNCHANGED,
        /** The project is unknown or in the trash, or another node set a newer thumbnail first. */
        SKIPPED,
        /** Rendering or storing failed, or no image store runs; the next edit tries again. */
        FAILED
    }

    /** Largest accepted long edge, so a misconfigured size cannot ask the engine for a huge raster. */
    static final int MAX_SIZE = 4096;

    private static final Logger LOG = LoggerFactory.getLogger(ThumbnailRenderer.class);
    /** The engine's scale limit: {@link RenderRequest} accepts scales up to 16. */
    private static final double MAX_SCALE = 16;

    private final ProjectRepository projects;
    private final DocumentService documents;
    private final DocumentEngine engine;
    private final Supplier<ImageStore> imageStore;
    private final Supplier<ImageLookup> images;
    private final Supplier<FilterLookup> filters;
    private final int size;

    /**
     * @param imageStore supplies the optional image store, {@code null} while none runs
     * @param size       long edge of the thumbnail in pixels, 1 to {@link #MAX_SIZE}
     */
    ThumbnailRenderer(ProjectRepository projects, DocumentService documents, DocumentEngine engine,
            Supplier<ImageStore> imageStore, Supplier<ImageLookup> images, Supplier<FilterLookup> filters, int size) {
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("Invalid thumbnailSize " + size + ": use 1 to " + MAX_SIZE + " pixels");
        }
        this.projects = projects;
        this.documents = documents;
        this.engine = engine;
        this.imageStore = imageStore;
        this.images = images;
        this.filters = filters;
        this.size = size;
    }

    /**
     * Renders and stores the project's thumbnail unless it already shows the current revision.
     * Logs every {@link IOException} and {@link RuntimeException} and returns {@link Outcome#FAILED}.
     */
    Outcome render(String projectId) {
        try {
            return renderOrThrow(projectId);
        } catch (IOException | RuntimeException e) {
            LOG.error("Rendering the thumbnail of project {} failed; the next edit tries again", projectId, e);
            return Outcome.FAILED;
        }
    }

    private Outcome renderOrThrow(String projectId) throws IOException {
        ImageStore store = imageStore.get();
        if (store == null) {
            LOG.warn("Skipped the thumbnail of project {}: no image store is running; the next edit tries again", projectId);
            return Outcome.FAILED;
        }
        Optional<ThumbnailState> state = projects.thumbnailState(projectId);
        if (state.isEmpty()) {
            return Outcome.SKIPPED;
        }
        DocumentSnapshot snapshot;
        try {
            snapshot = documents.load(projectId);
        } catch (ProjectNotFoundException e) {
            return Outcome.SKIPPED;
        }
        if (state.get().thumbnail() != null && state.get().revision() == snapshot.revision()) {
            return Outcome.UNCHANGED;
        }

        ImageInfo image = store.storeGenerated(renderPng(snapshot), ImageReference.project(projectId));
        Optional<ThumbnailState> replaced = projects.setThumbnail(projectId, image.sha256(), snapshot.revision());
        if (replaced.isEmpty()) {
            // Another node set a newer thumbnail, or the project went to the trash meanwhile.
            String current = projects.thumbnailState(projectId).map(ThumbnailState::thumbnail).orElse(null);
            if (!image.sha256().equals(current)) {
                unlinkUnlessUsed(store, projectId, image.sha256(), snapshot);
            }
            return Outcome.SKIPPED;
        }
        String previous = replaced.get().thumbnail();
        if (previous != null && !previous.equals(image.sha256())) {
            unlinkUnlessUsed(store, projectId, previous, snapshot);
        }
        LOG.debug("Stored thumbnail {} of project {} at revision {}", image.sha256(), projectId, snapshot.revision());
        return Outcome.RENDERED;
    }

    /** Renders the whole canvas with its long edge at the configured size and encodes it as PNG. */
    byte[] renderPng(DocumentSnapshot snapshot) throws IOException {
        Document document = engine.open(snapshot);
        Node root = snapshot.root();
        double longEdge = Math.max(root.number(Property.WIDTH), root.number(Property.HEIGHT));
        double scale = Math.min(MAX_SCALE, size / Math.max(1.0, longEdge));
        RenderResult result = engine.render(document, RenderRequest.document(scale), images.get(), filters.get());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        engine.export(result, ExportFormat.PNG, out);
        return out.toByteArray();
    }

    /**
     * Removes the project's reference from an image, unless a node of the document shows it. A
     * client may have set a layer's image as the thumbnail, and both share the project reference.
     */
    private static void unlinkUnlessUsed(ImageStore store, String projectId, String sha256, DocumentSnapshot snapshot) {
        boolean used = snapshot.nodes().stream().anyMatch(node -> sha256.equals(node.props().get(Property.IMAGE.jsonName())));
        if (used) {
            return;
        }
        try {
            store.unlink(sha256, ImageReference.project(projectId));
        } catch (RuntimeException e) {
            LOG.warn("Unlinking old thumbnail {} from project {} failed; the image keeps the project reference, so the cleanup keeps it",
                    sha256, projectId, e);
        }
    }
}
