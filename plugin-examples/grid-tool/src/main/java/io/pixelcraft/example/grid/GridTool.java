package io.pixelcraft.example.grid;

import io.pixelcraft.api.document.DocumentSnapshot;
import io.pixelcraft.api.document.Node;
import io.pixelcraft.api.document.NodeType;
import io.pixelcraft.api.document.Op;
import io.pixelcraft.api.document.Property;
import io.pixelcraft.api.plugin.Parameter;
import io.pixelcraft.api.plugin.ParameterSchema;
import io.pixelcraft.api.plugin.Parameters;
import io.pixelcraft.api.plugin.Tool;
import io.pixelcraft.api.plugin.ToolContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * Fills a container with a grid of equal rectangles separated by a gap and inset by a margin:
 * the selected frame or group, or the canvas when nothing suitable is selected.
 */
@Component(service = Tool.class)
public class GridTool implements Tool {

    static final ParameterSchema SCHEMA = ParameterSchema.of(
            new Parameter.Number("columns", "Columns", 1, 50, 3.0, true),
            new Parameter.Number("rows", "Rows", 1, 50, 3.0, true),
            new Parameter.Number("gap", "Gap", 0, 1000, 16.0, false),
            new Parameter.Number("margin", "Margin", 0, 1000, 16.0, false),
            new Parameter.Color("fill", "Fill", 0xFFD9D9D9));

    @Override
    public String id() {
        return "example.grid";
    }

    @Override
    public String name(Locale locale) {
        return switch (locale.getLanguage()) {
            case "de" -> "Raster";
            case "fr" -> "Grille";
            default -> "Grid";
        };
    }

    @Override
    public ParameterSchema schema() {
        return SCHEMA;
    }

    @Override
    public List<Op> apply(DocumentSnapshot document, List<String> selection, Parameters parameters, ToolContext context) {
        Node container = container(document, selection);
        int columns = parameters.integer("columns");
        int rows = parameters.integer("rows");
        double gap = parameters.number("gap");
        double margin = parameters.number("margin");
        double cellWidth = (container.number(Property.WIDTH) - 2 * margin - (columns - 1) * gap) / columns;
        double cellHeight = (container.number(Property.HEIGHT) - 2 * margin - (rows - 1) * gap) / rows;
        if (cellWidth <= 0 || cellHeight <= 0) {
            // The container is too small for the margin and gaps, so there is nothing to draw.
            return List.of();
        }
        String fill = cssColor(parameters.color("fill"));
        List<Op> ops = new ArrayList<>();
        for (int row = 0; row < rows; row++) {
            for (int column = 0; column < columns; column++) {
                context.checkCancelled();
                ops.add(Op.create(context.newOpId(), context.newNodeId(), NodeType.RECT, container.id(), Map.of(
                        Property.NAME.jsonName(), "Cell " + (row + 1) + "," + (column + 1),
                        Property.X.jsonName(), margin + column * (cellWidth + gap),
                        Property.Y.jsonName(), margin + row * (cellHeight + gap),
                        Property.WIDTH.jsonName(), cellWidth,
                        Property.HEIGHT.jsonName(), cellHeight,
                        Property.FILL.jsonName(), fill)));
            }
        }
        return ops;
    }

    /** Converts an ARGB int to the document's CSS form {@code #rrggbbaa}. */
    static String cssColor(int argb) {
        return String.format(Locale.ROOT, "#%06x%02x", argb & 0xFFFFFF, argb >>> 24);
    }

    /** Returns the first selected container, or the root. */
    private static Node container(DocumentSnapshot document, List<String> selection) {
        for (String id : selection) {
            for (Node node : document.nodes()) {
                if (node.id().equals(id) && node.nodeType().isContainer()) {
                    return node;
                }
            }
        }
        return document.root();
    }
}
