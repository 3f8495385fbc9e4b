package io.pixelcraft.api.document;

import java.io.IOException;
import java.io.OutputStream;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Creates, opens and renders documents. Pure computation: no I/O except writing an export to
 * the stream a caller passes in. Thread-safe; each {@link Document} it returns is not.
 */
@ProviderType
public interface DocumentEngine {

    /** Returns the limits every document of this engine enforces. */
    EngineLimits limits();

    /**
     * Creates an empty document whose root has id {@code root} and the given canvas size.
     *
     * @throws IllegalArgumentException when the size is not a finite number in {@code [1, 1,000,000]}
     */
    Document create(double width, double height);

    /**
     * Opens a document from a snapshot, checking that it is one valid tree within the limits.
     *
     * @throws InvalidDocumentException naming the first problem found
     */
    Document open(DocumentSnapshot snapshot);

    /**
     * Renders the document, a node or a region to a raster.
     *
     * @param images  where image nodes get their pixels; {@link ImageLookup#NONE} for placeholders
     * @param filters where node filters come from; a filter it cannot find is skipped and reported
     * @throws IllegalArgumentException when the node does not exist, the scale is outside
     *         {@code (0, 16]}, the raster would exceed {@link EngineLimits#maxRenderPixels()}, or
     *         the render's estimated memory alone exceeds the engine's render memory budget
     * @throws java.util.concurrent.RejectedExecutionException when other renders kept the render
     *         memory budget full for longer than the engine waits, or the JVM ran out of memory during
     *         the render; the caller may retry later
     */
    RenderResult render(Document document, RenderRequest request, ImageLookup images, FilterLookup filters);

    /**
     * Encodes a rendered raster. JPEG output is flattened onto white.
     *
     * @throws IOException when writing to the stream fails
     */
    void export(RenderResult result, ExportFormat format, OutputStream out) throws IOException;
}
