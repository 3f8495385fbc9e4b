package io.pixelcraft.engine.internal;

import io.pixelcraft.api.document.ImageLookup;
import io.pixelcraft.api.document.Property;
import io.pixelcraft.api.document.RenderResult;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.font.TextAttribute;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Paints one node's own content (not its children) in its local coordinates. */
final class NodePainter {

    private static final Color PLACEHOLDER = new Color(0xCC, 0xCC, 0xCC);

    private final ImageLookup images;
    private final List<RenderResult.Issue> issues;
    /** Images of this render by hash; an empty value marks an image already reported as missing. */
    private final Map<String, Optional<BufferedImage>> imageCache = new HashMap<>();

    NodePainter(ImageLookup images, List<RenderResult.Issue> issues) {
        this.images = images;
        this.issues = issues;
    }

    void paint(Graphics2D g, MutableNode node) {
        switch (node.type) {
            case ROOT, FRAME -> fill(g, Nodes.box(node), Nodes.color(node, Property.FILL));
            case GROUP -> {
                // A group has no paint of its own.
            }
            case RECT -> fillAndStroke(g, node, Nodes.box(node));
            case ELLIPSE -> fillAndStroke(g, node, new Ellipse2D.Double(0, 0,
                    Nodes.number(node, Property.WIDTH), Nodes.number(node, Property.HEIGHT)));
            case LINE -> stroke(g, node, new Line2D.Double(0, 0, Nodes.number(node, Property.WIDTH), Nodes.number(node, Property.HEIGHT)));
            case PATH -> fillAndStroke(g, node, PathData.parse(Nodes.string(node, Property.D)));
            case IMAGE -> image(g, node);
            case TEXT -> text(g, node);
        }
    }

    private static void fill(Graphics2D g, Shape shape, Color color) {
        if (color.getAlpha() > 0) {
            g.setColor(color);
            g.fill(shape);
        }
    }

    private static void fillAndStroke(Graphics2D g, MutableNode node, Shape shape) {
        fill(g, shape, Nodes.color(node, Property.FILL));
        stroke(g, node, shape);
    }

    private static void stroke(Graphics2D g, MutableNode node, Shape shape) {
        double width = Nodes.number(node, Property.STROKE_WIDTH);
        Color color = Nodes.color(node, Property.STROKE);
        if (width > 0 && color.getAlpha() > 0) {
            g.setColor(color);
            g.setStroke(new BasicStroke((float) width));
            g.draw(shape);
        }
    }

    private void image(Graphics2D g, MutableNode node) {
        double width = Nodes.number(node, Property.WIDTH);
        double height = Nodes.number(node, Property.HEIGHT);
        String hash = Nodes.string(node, Property.IMAGE);
        Optional<BufferedImage> pixels = hash == null ? Optional.empty() : lookup(node, hash);
        if (pixels.isEmpty()) {
            placeholder(g, width, height);
            return;
        }
        BufferedImage source = pixels.get();
        int cropX = (int) Math.floor(Nodes.number(node, Property.CROP_X) * source.getWidth());
        int cropY = (int) Math.floor(Nodes.number(node, Property.CROP_Y) * source.getHeight());
        int cropWidth = Math.max(1, Math.min(source.getWidth() - cropX,
                (int) Math.round(Nodes.number(node, Property.CROP_WIDTH) * source.getWidth())));
        int cropHeight = Math.max(1, Math.min(source.getHeight() - cropY,
                (int) Math.round(Nodes.number(node, Property.CROP_HEIGHT) * source.getHeight())));
        if (cropX >= source.getWidth() || cropY >= source.getHeight()) {
            return;
        }
        BufferedImage cropped = source.getSubimage(cropX, cropY, cropWidth, cropHeight);
        AffineTransform fit = AffineTransform.getScaleInstance(width / cropWidth, height / cropHeight);
        g.drawImage(cropped, fit, null);
    }

    private Optional<BufferedImage> lookup(MutableNode node, String hash) {
        Optional<BufferedImage> cached = imageCache.get(hash);
        if (cached != null) {
            return cached;
        }
        Optional<BufferedImage> found;
        try {
            found = images.image(hash);
            if (found.isEmpty()) {
                issues.add(new RenderResult.Issue(node.id, "image-missing", hash + ": no stored image has this hash"));
            }
        } catch (IOException | RuntimeException e) {
            issues.add(new RenderResult.Issue(node.id, "image-failed", hash + ": " + e.getMessage()));
            found = Optional.empty();
        }
        imageCache.put(hash, found);
        return found;
    }

    private static void placeholder(Graphics2D g, double width, double height) {
        g.setColor(PLACEHOLDER);
        g.fill(new Rectangle2D.Double(0, 0, width, height));
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1f));
        g.draw(new Line2D.Double(0, 0, width, height));
        g.draw(new Line2D.Double(width, 0, 0, height));
    }

    private static void text(Graphics2D g, MutableNode node) {
        String content = Nodes.string(node, Property.TEXT);
        if (content.isEmpty()) {
            return;
        }
        Map<TextAttribute, Object> attributes = new HashMap<>();
        attributes.put(TextAttribute.FAMILY, Nodes.string(node, Property.FONT_FAMILY));
        attributes.put(TextAttribute.SIZE, (float) Nodes.number(node, Property.FONT_SIZE));
        attributes.put(TextAttribute.WEIGHT, weight(Nodes.number(node, Property.FONT_WEIGHT)));
        Font font = Font.getFont(attributes);
        g.setFont(font);
        g.setColor(Nodes.color(node, Property.COLOR));
        FontMetrics metrics = g.getFontMetrics();
        double width = Nodes.number(node, Property.WIDTH);
        String align = Nodes.string(node, Property.TEXT_ALIGN);
        float y = metrics.getAscent();
        for (String line : wrap(content, metrics, width)) {
            double lineWidth = metrics.getStringBounds(line, g).getWidth();
            double x = switch (align) {
                case "center" -> (width - lineWidth) / 2;
                case "right" -> width - lineWidth;
                default -> 0;
            };
            g.drawString(line, (float) x, y);
            y += metrics.getHeight();
        }
    }

    private static Float weight(double cssWeight) {
        if (cssWeight >= 700) {
            return TextAttribute.WEIGHT_BOLD;
        }
        if (cssWeight >= 600) {
            return TextAttribute.WEIGHT_SEMIBOLD;
        }
        if (cssWeight >= 500) {
            return TextAttribute.WEIGHT_MEDIUM;
        }
        return cssWeight <= 300 ? TextAttribute.WEIGHT_LIGHT : TextAttribute.WEIGHT_REGULAR;
    }

    /** Splits text into lines at newlines and, greedily at spaces, where a line exceeds the width. */
    private static List<String> wrap(String content, FontMetrics metrics, double width) {
        List<String> lines = new ArrayList<>();
        for (String paragraph : content.split("\n", -1)) {
            StringBuilder line = new StringBuilder();
            for (String word : paragraph.split(" ", -1)) {
                String candidate = line.length() == 0 ? word : line + " " + word;
                if (line.length() > 0 && width > 0 && metrics.stringWidth(candidate) > width) {
                    lines.add(line.toString());
                    line = new StringBuilder(word);
                } else {
                    line = new StringBuilder(candidate);
                }
            }
            lines.add(line.toString());
        }
        return lines;
    }
}
