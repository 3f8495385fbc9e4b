package io.pixelcraft.engine.internal;

import io.pixelcraft.api.document.Document;
import io.pixelcraft.api.document.DocumentEngine;
import io.pixelcraft.api.document.DocumentSnapshot;
import io.pixelcraft.api.document.EngineLimits;
import io.pixelcraft.api.document.ExportFormat;
import io.pixelcraft.api.document.FilterLookup;
import io.pixelcraft.api.document.ImageLookup;
import io.pixelcraft.api.document.NodeType;
import io.pixelcraft.api.document.Property;
import io.pixelcraft.api.document.RenderRequest;
import io.pixelcraft.api.document.RenderResult;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** The document engine with fixed limits; the DS component wraps it and swaps it on reconfiguration. */
public final class Engine implements DocumentEngine {

    private static final float JPEG_QUALITY = 0.9f;

    /** Default render memory budget: this percentage of the maximum heap. */
    static final int DEFAULT_RENDER_MEMORY_PERCENT = 40;

    /** Default time a render waits for memory before it is rejected. */
    static final long DEFAULT_RENDER_WAIT_MILLIS = 5_000;

    private final EngineLimits limits;
    private final RenderAdmission admission;
    private final Renderer renderer;

    /** Creates an engine whose renders share the default memory budget of the running JVM. */
    public Engine(EngineLimits limits) {
        this(limits, heapFraction(DEFAULT_RENDER_MEMORY_PERCENT), DEFAULT_RENDER_WAIT_MILLIS);
    }

    /**
     * Creates an engine whose renders start only while their estimated memory, summed, stays within
     * {@code renderMemoryBytes}; a render waits up to {@code renderWaitMillis} for memory.
     *
     * @throws IllegalArgumentException when the budget is below 1 KiB or the wait is negative
     */
    public Engine(EngineLimits limits, long renderMemoryBytes, long renderWaitMillis) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.admission = new RenderAdmission(renderMemoryBytes, renderWaitMillis);
        this.renderer = new Renderer(limits, admission);
    }

    /** Returns {@code percent} of the maximum heap ({@code -Xmx}, or the JVM's default for this machine) in bytes. */
    static long heapFraction(int percent) {
        return Runtime.getRuntime().maxMemory() / 100 * percent;
    }

    RenderAdmission admission() {
        return admission;
    }

    @Override
    public EngineLimits limits() {
        return limits;
    }

    @Override
    public Document create(double width, double height) {
        checkCanvas("width", width);
        checkCanvas("height", height);
        MutableNode root = new MutableNode(MutableDocument.ROOT_ID, NodeType.ROOT);
        root.props.put(Property.WIDTH.jsonName(), width);
        root.props.put(Property.HEIGHT.jsonName(), height);
        return new MutableDocument(limits, root);
    }

    private static void checkCanvas(String name, double value) {
        if (!(value >= 1 && value <= 1_000_000)) {
            throw new IllegalArgumentException("Canvas " + name + " " + value + " is invalid: use a number from 1 to 1000000");
        }
    }

    @Override
    public Document open(DocumentSnapshot snapshot) {
        return SnapshotReader.read(limits, snapshot);
    }

    @Override
    public RenderResult render(Document document, RenderRequest request, ImageLookup images, FilterLookup filters) {
        if (!(document instanceof MutableDocument mutable)) {
            throw new IllegalArgumentException("The document was not created by this engine");
        }
        return renderer.render(mutable, request, images, filters);
    }

    @Override
    public void export(RenderResult result, ExportFormat format, OutputStream out) throws IOException {
        BufferedImage image = result.image();
        if (format == ExportFormat.PNG) {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("No PNG writer is available in this Java runtime");
            }
            return;
        }
        BufferedImage flat = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = flat.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, flat.getWidth(), flat.getHeight());
        g.drawImage(image, 0, 0, null);
        g.dispose();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(JPEG_QUALITY);
            writer.setOutput(stream);
            writer.write(null, new IIOImage(flat, null, null), param);
        } finally {
            writer.dispose();
        }
    }
}
