package io.pixelcraft.engine.internal;

import io.pixelcraft.api.document.EngineLimits;
import io.pixelcraft.api.document.FilterLookup;
import io.pixelcraft.api.document.FilterRef;
import io.pixelcraft.api.document.ImageLookup;
import io.pixelcraft.api.document.NodeType;
import io.pixelcraft.api.document.Property;
import io.pixelcraft.api.document.RasterFilter;
import io.pixelcraft.api.document.RenderRequest;
import io.pixelcraft.api.document.RenderResult;
import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;

/**
 * Renders a document subtree with Java2D. Each node is drawn in its local coordinates: translate
 * by ({@code x}, {@code y}) within the parent, then rotate around the node's centre. Some nodes
 * are drawn into a layer of their own and composited afterwards: those with a blend mode other
 * than normal, those with filters, and containers with children and opacity below 1. Everything
 * else is drawn directly.
 */
final class Renderer {

    private static final double MAX_SCALE = 16;

    /**
     * Full rasters of a filtered layer's size that a filter call allocates besides the layer. This
     * is an estimate for the built-in Gaussian blur through the plugin host, which holds the host's
     * copy of the input, the filter's own copy, one float channel, the output raster and the output
     * image.
     */
    static final int FILTER_WORKING_RASTERS = 5;

    private final EngineLimits limits;
    private final RenderAdmission admission;

    Renderer(EngineLimits limits, RenderAdmission admission) {
        this.limits = limits;
        this.admission = admission;
    }

    RenderResult render(MutableDocument document, RenderRequest request, ImageLookup images, FilterLookup filters) {
        double scale = request.scale();
        if (!(scale > 0 && scale <= MAX_SCALE)) {
            throw new IllegalArgumentException("Scale " + scale + " is invalid: use a number above 0 and at most " + MAX_SCALE);
        }
        MutableNode target = document.root();
        if (request.nodeId() != null) {
            target = document.mutableNode(request.nodeId());
            if (target == null) {
                throw new IllegalArgumentException("Node '" + request.nodeId() + "' was not found");
            }
        }
        AffineTransform parentTransform = absoluteTransform(target.parent);
        Rectangle2D region = region(request, target, parentTransform);
        long width = (long) Math.ceil(region.getWidth() * scale);
        long height = (long) Math.ceil(region.getHeight() * scale);
        if (width < 1 || height < 1 || width * height > limits.maxRenderPixels()) {
            // Callers add the advice that fits their own parameters (scale, node, region).
            throw new IllegalArgumentException("The render would be " + width + " × " + height + " pixels: it must be at least 1 × 1 and at most "
                    + limits.maxRenderPixels() + " pixels");
        }

        String subject = width + " × " + height + " pixels";
        // NOTE: the ticket is released when painting ends, but the caller still holds the finished
        // raster while it encodes it (a JPEG export adds a flattened copy). The part of the heap
        // outside the budget has to absorb that.
        try (RenderAdmission.Ticket ticket = admission.admit(estimateBytes(target, width, height), subject)) {
            return paint(target, request, region, parentTransform, (int) width, (int) height, images, filters);
        } catch (OutOfMemoryError e) {
            // The raster and layers of this render are unreachable once the error leaves paint, so the
            // collector can reclaim them, and the caller gets a retryable failure in place of a broken image.
            throw new RejectedExecutionException("Rendering " + subject + " ran the server out of memory, so it was stopped");
        }
    }

    private static RenderResult paint(MutableNode target, RenderRequest request, Rectangle2D region, AffineTransform parentTransform,
            int width, int height, ImageLookup images, FilterLookup filters) {
        double scale = request.scale();
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        configure(g);
        g.scale(scale, scale);
        g.translate(-region.getX(), -region.getY());
        g.transform(parentTransform);
        List<RenderResult.Issue> issues = new ArrayList<>();
        new Pass(images, filters, scale, issues).paint(g, target, image.getWidth(), image.getHeight());
        g.dispose();
        return new RenderResult(image, issues);
    }

    /**
     * Estimates the bytes a render of {@code target} at {@code width × height} pixels needs: 4
     * bytes per pixel for the output raster and for each layer on the deepest chain of nested
     * layers, plus the working rasters of one filter call when the subtree has a filter. Layers
     * are counted at the full render size, which is their upper bound.
     */
    static long estimateBytes(MutableNode target, long width, long height) {
        long rasterBytes = width * height * 4;
        long bytes = rasterBytes * (1 + layerDepth(target));
        if (hasFilter(target)) {
            bytes += rasterBytes * FILTER_WORKING_RASTERS;
        }
        return bytes;
    }

    /** Returns the number of layered nodes on the longest chain from {@code node} down its visible subtree. */
    private static int layerDepth(MutableNode node) {
        if (!Nodes.flag(node, Property.VISIBLE)) {
            return 0;
        }
        int deepestChild = 0;
        for (MutableNode child : node.children) {
            deepestChild = Math.max(deepestChild, layerDepth(child));
        }
        return deepestChild + (layered(node) ? 1 : 0);
    }

    private static boolean hasFilter(MutableNode node) {
        if (!Nodes.flag(node, Property.VISIBLE)) {
            return false;
        }
        if (!Nodes.filters(node).isEmpty()) {
            return true;
        }
        for (MutableNode child : node.children) {
            if (hasFilter(child)) {
                return true;
            }
        }
        return false;
    }

    /** Returns whether a node is drawn into a layer of its own, as the class comment lists. */
    private static boolean layered(MutableNode node) {
        return !"normal".equals(Nodes.string(node, Property.BLEND_MODE)) || !Nodes.filters(node).isEmpty()
                || (Nodes.number(node, Property.OPACITY) < 1 && !node.children.isEmpty());
    }

    private static Rectangle2D region(RenderRequest request, MutableNode target, AffineTransform parentTransform) {
        if (request.region() != null) {
            RenderRequest.Region r = request.region();
            if (!(Double.isFinite(r.x()) && Double.isFinite(r.y()) && r.width() > 0 && r.height() > 0
                    && Double.isFinite(r.width()) && Double.isFinite(r.height()))) {
                throw new IllegalArgumentException("Region " + r + " is invalid: use finite coordinates and a positive size");
            }
            return new Rectangle2D.Double(r.x(), r.y(), r.width(), r.height());
        }
        if (target.parent == null) {
            return new Rectangle2D.Double(0, 0, Nodes.number(target, Property.WIDTH), Nodes.number(target, Property.HEIGHT));
        }
        AffineTransform transform = new AffineTransform(parentTransform);
        transform.concatenate(Nodes.localTransform(target));
        Rectangle2D bounds = new Rectangle2D.Double(0, 0, Nodes.number(target, Property.WIDTH), Nodes.number(target, Property.HEIGHT));
        return transform.createTransformedShape(bounds).getBounds2D();
    }

    /** Returns the transform from a node's local coordinates to document coordinates. */
    private static AffineTransform absoluteTransform(MutableNode node) {
        AffineTransform transform = new AffineTransform();
        List<MutableNode> chain = new ArrayList<>();
        for (MutableNode n = node; n != null && n.parent != null; n = n.parent) {
            chain.add(0, n);
        }
        for (MutableNode n : chain) {
            transform.concatenate(Nodes.localTransform(n));
        }
        return transform;
    }

    static void configure(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
    }

    /** One render: the lookups and the issues it collects. */
    private static final class Pass {

        private final ImageLookup images;
        private final FilterLookup filters;
        private final double scale;
        private final List<RenderResult.Issue> issues;
        private final NodePainter painter;

        Pass(ImageLookup images, FilterLookup filters, double scale, List<RenderResult.Issue> issues) {
            this.images = images;
            this.filters = filters;
            this.scale = scale;
            this.issues = issues;
            this.painter = new NodePainter(images, issues);
        }

        /**
         * Paints a node and its subtree onto {@code g}, whose raster is {@code width × height}.
         * A layered node gets a raster of its own, sized to the device pixels it can cover.
         */
        void paint(Graphics2D g, MutableNode node, int width, int height) {
            if (!Nodes.flag(node, Property.VISIBLE)) {
                return;
            }
            float opacity = (float) Nodes.number(node, Property.OPACITY);
            String blendMode = Nodes.string(node, Property.BLEND_MODE);
            List<FilterRef> filterRefs = Nodes.filters(node);

            if (!layered(node)) {
                Graphics2D local = (Graphics2D) g.create();
                local.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, opacity));
                paintContent(local, node, width, height);
                local.dispose();
                return;
            }

            Rectangle bounds = layerBounds(g, node, width, height);
            if (bounds.isEmpty()) {
                return;
            }
            BufferedImage layer = new BufferedImage(bounds.width, bounds.height, BufferedImage.TYPE_INT_ARGB);
            Graphics2D layerGraphics = layer.createGraphics();
            configure(layerGraphics);
            AffineTransform shifted = AffineTransform.getTranslateInstance(-bounds.x, -bounds.y);
            Shape clip = g.getClip() == null ? null : shifted.createTransformedShape(
                    g.getTransform().createTransformedShape(g.getClip()));
            shifted.concatenate(g.getTransform());
            layerGraphics.setTransform(shifted);
            if (clip != null) {
                layerGraphics.setTransform(new AffineTransform());
                layerGraphics.setClip(clip);
                layerGraphics.setTransform(shifted);
            }
            paintContent(layerGraphics, node, bounds.width, bounds.height);
            layerGraphics.dispose();

            for (FilterRef filterRef : filterRefs) {
                layer = applyFilter(node, filterRef, layer);
            }

            Graphics2D device = (Graphics2D) g.create();
            device.setTransform(new AffineTransform());
            device.setComposite(BlendComposite.of(blendMode, opacity));
            device.drawImage(layer, bounds.x, bounds.y, null);
            device.dispose();
        }

        private void paintContent(Graphics2D g, MutableNode node, int width, int height) {
            Graphics2D local = (Graphics2D) g.create();
            if (node.parent != null) {
                local.transform(Nodes.localTransform(node));
            }
            painter.paint(local, node);
            if (!node.children.isEmpty()) {
                Shape clip = Nodes.clipShape(node);
                if (clip != null) {
                    local.clip(clip);
                }
                for (MutableNode child : node.children) {
                    paint(local, child, width, height);
                }
            }
            local.dispose();
        }

        private BufferedImage applyFilter(MutableNode node, FilterRef filterRef, BufferedImage input) {
            Optional<RasterFilter> filter = filters.find(filterRef.id(), filterRef.version());
            if (filter.isEmpty()) {
                issues.add(new RenderResult.Issue(node.id, "filter-missing",
                        filterRef.id() + " " + filterRef.version() + ": no installed plugin provides it, so it was skipped"));
                return input;
            }
            try {
                BufferedImage output = filter.get().apply(input, filterRef.params(), scale);
                if (output == null) {
                    issues.add(new RenderResult.Issue(node.id, "filter-failed", filterRef.id() + ": returned no image, so it was skipped"));
                    return input;
                }
                return toArgb(output);
            } catch (Exception | LinkageError e) {
                // An OutOfMemoryError is not caught here because it does not show that the filter is
                // broken, so it stops the whole render instead of leaving the filter out of the image.
                issues.add(new RenderResult.Issue(node.id, "filter-failed", filterRef.id() + ": " + e + ", so it was skipped"));
                return input;
            }
        }
    }

    /**
     * Returns the device pixels that a layered node can cover: its content bounds under the
     * current transform, grown by 2 pixels for anti-aliasing and cut to the raster. Text and
     * containers holding text have no known bounds and get the whole raster.
     */
    static Rectangle layerBounds(Graphics2D g, MutableNode node, int width, int height) {
        Rectangle canvas = new Rectangle(0, 0, width, height);
        AffineTransform transform = new AffineTransform(g.getTransform());
        if (node.parent != null) {
            transform.concatenate(Nodes.localTransform(node));
        }
        Rectangle2D local = contentBounds(node);
        if (local == null) {
            return canvas;
        }
        Rectangle device = transform.createTransformedShape(local).getBounds();
        device.grow(2, 2);
        return device.intersection(canvas);
    }

    /** Returns the bounds of a node's paint and subtree in its local coordinates, or {@code null} when unknown. */
    private static Rectangle2D contentBounds(MutableNode node) {
        Rectangle2D box = new Rectangle2D.Double(0, 0, Nodes.number(node, Property.WIDTH), Nodes.number(node, Property.HEIGHT));
        switch (node.type) {
            case TEXT:
                return null;
            case PATH:
                box = PathData.parse(Nodes.string(node, Property.D)).getBounds2D();
                break;
            case ROOT, FRAME, GROUP:
                if (Nodes.clipShape(node) != null || node.children.isEmpty()) {
                    break;
                }
                Rectangle2D union = node.type == NodeType.GROUP ? null : box;
                for (MutableNode child : node.children) {
                    Rectangle2D childBounds = contentBounds(child);
                    if (childBounds == null) {
                        return null;
                    }
                    Rectangle2D placed = Nodes.localTransform(child).createTransformedShape(childBounds).getBounds2D();
                    union = union == null ? placed : union.createUnion(placed);
                }
                return union;
            default:
                break;
        }
        if (Property.STROKE_WIDTH.appliesTo(node.type)) {
            double half = Nodes.number(node, Property.STROKE_WIDTH) / 2;
            box = new Rectangle2D.Double(box.getX() - half, box.getY() - half, box.getWidth() + 2 * half, box.getHeight() + 2 * half);
        }
        return box;
    }

    /** Returns the image as non-premultiplied ARGB, converting when a filter returned another type. */
    static BufferedImage toArgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_ARGB) {
            return image;
        }
        BufferedImage converted = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = converted.createGraphics();
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return converted;
    }
}
