package io.pixelcraft.engine.internal;

import io.pixelcraft.api.document.FilterRef;
import io.pixelcraft.api.document.NodeType;
import io.pixelcraft.api.document.Property;
import java.awt.Color;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Typed property reads on mutable nodes, with defaults. */
final class Nodes {

    private Nodes() {
    }

    static Object get(MutableNode node, Property property) {
        Object value = node.props.get(property.jsonName());
        return value != null ? value : property.defaultFor(node.type);
    }

    static double number(MutableNode node, Property property) {
        return ((Number) get(node, property)).doubleValue();
    }

    static String string(MutableNode node, Property property) {
        return (String) get(node, property);
    }

    static boolean flag(MutableNode node, Property property) {
        return (Boolean) get(node, property);
    }

    static Color color(MutableNode node, Property property) {
        String hex = string(node, property);
        int red = Integer.parseInt(hex.substring(1, 3), 16);
        int green = Integer.parseInt(hex.substring(3, 5), 16);
        int blue = Integer.parseInt(hex.substring(5, 7), 16);
        int alpha = hex.length() == 9 ? Integer.parseInt(hex.substring(7, 9), 16) : 255;
        return new Color(red, green, blue, alpha);
    }

    @SuppressWarnings("unchecked")
    static List<FilterRef> filters(MutableNode node) {
        List<Object> stored = (List<Object>) get(node, Property.FILTERS);
        List<FilterRef> result = new ArrayList<>(stored.size());
        for (Object entry : stored) {
            result.add(FilterRef.fromMap((Map<String, Object>) entry));
        }
        return result;
    }

    /** Returns the transform from the node's local coordinates to its parent's. */
    static AffineTransform localTransform(MutableNode node) {
        AffineTransform transform = AffineTransform.getTranslateInstance(number(node, Property.X), number(node, Property.Y));
        double rotation = number(node, Property.ROTATION);
        if (rotation != 0) {
            transform.rotate(Math.toRadians(rotation), number(node, Property.WIDTH) / 2, number(node, Property.HEIGHT) / 2);
        }
        return transform;
    }

    /** Returns the shape that clips the node's children, or {@code null} when they are not clipped. */
    static Shape clipShape(MutableNode node) {
        if (node.type == NodeType.ROOT || (node.type == NodeType.FRAME && flag(node, Property.CLIP))) {
            return box(node);
        }
        return null;
    }

    /** Returns the node's rectangle in local coordinates, with rounded corners where it has them. */
    static Shape box(MutableNode node) {
        double width = number(node, Property.WIDTH);
        double height = number(node, Property.HEIGHT);
        if (Property.CORNER_RADIUS.appliesTo(node.type)) {
            double radius = number(node, Property.CORNER_RADIUS);
            if (radius > 0) {
                return new RoundRectangle2D.Double(0, 0, width, height, 2 * radius, 2 * radius);
            }
        }
        return new Rectangle2D.Double(0, 0, width, height);
    }
}
