package io.pixelcraft.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pixelcraft.api.document.Document;
import io.pixelcraft.api.document.EngineLimits;
import io.pixelcraft.api.document.ExportFormat;
import io.pixelcraft.api.document.FilterLookup;
import io.pixelcraft.api.document.NodeType;
import io.pixelcraft.api.document.Op;
import io.pixelcraft.api.document.RasterFilter;
import io.pixelcraft.api.document.RenderRequest;
import io.pixelcraft.api.document.RenderResult;
import io.pixelcraft.engine.internal.Engine;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Renders and encodes a 4000 × 3000 document with 50 top-level layers: 10 rectangles, 10
 * ellipses, 10 texts, 5 paths, 10 images of 1600 × 1200 pixels, and 5 layers that need their own
 * raster (3 blend modes, 1 filtered, 1 group at half opacity with 2 children).
 */
@EnabledIfSystemProperty(named = "benchmarks", matches = "true")
class ExportBenchmark {

    private static final int RUNS = 3;
    private static final String HASH = "ab".repeat(32);

    @Test
    void export4000x3000With50Layers() throws IOException {
        Engine engine = new Engine(EngineLimits.DEFAULTS);
        Document document = engine.create(4000, 3000);
        document.apply(layers(new Random(3)));
        BufferedImage photo = photo();
        RasterFilter invert = (input, params, scale) -> {
            BufferedImage out = new BufferedImage(input.getWidth(), input.getHeight(), BufferedImage.TYPE_INT_ARGB);
            int[] row = new int[input.getWidth()];
            for (int y = 0; y < input.getHeight(); y++) {
                input.getRGB(0, y, row.length, 1, row, 0, row.length);
                for (int x = 0; x < row.length; x++) {
                    row[x] = (row[x] & 0xFF000000) | (~row[x] & 0x00FFFFFF);
                }
                out.setRGB(0, y, row.length, 1, row, 0, row.length);
            }
            return out;
        };
        FilterLookup filters = (id, range) -> Optional.of(invert);
        Report.line("## Export 4000 x 3000, 50 layers (%s)", Report.machine());
        Report.line("document: %d nodes", document.nodeCount());
        for (int run = 0; run <= RUNS; run++) {
            Report.resetPeakHeap();
            long start = System.nanoTime();
            RenderResult result = engine.render(document, RenderRequest.document(1), sha -> Optional.of(photo), filters);
            long rendered = System.nanoTime();
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            engine.export(result, ExportFormat.PNG, png);
            long pngDone = System.nanoTime();
            ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
            engine.export(result, ExportFormat.JPEG, jpeg);
            long jpegDone = System.nanoTime();
            double peak = Report.peakHeapMiB();
            assertEquals(4000, result.image().getWidth());
            Report.line("%s: render %.0f ms, PNG encode %.0f ms (%.1f MB), JPEG encode %.0f ms (%.1f MB), peak heap <= %.0f MiB",
                    run == 0 ? "warm-up" : "run " + run, (rendered - start) / 1e6, (pngDone - rendered) / 1e6, png.size() / 1e6,
                    (jpegDone - pngDone) / 1e6, jpeg.size() / 1e6, peak);
        }
    }

    private static BufferedImage photo() {
        BufferedImage image = new BufferedImage(1600, 1200, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, Color.ORANGE, 1600, 1200, Color.BLUE));
        g.fillRect(0, 0, 1600, 1200);
        Random random = new Random(5);
        for (int i = 0; i < 2000; i++) {
            g.setColor(new Color(random.nextInt(0x1000000)));
            g.fillOval(random.nextInt(1600), random.nextInt(1200), 20, 20);
        }
        g.dispose();
        return image;
    }

    private static List<Op> layers(Random random) {
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ops.add(Op.create("r" + i, "rect" + i, NodeType.RECT, "root", Map.of("x", random.nextInt(3000), "y", random.nextInt(2000),
                    "width", 400 + random.nextInt(800), "height", 300 + random.nextInt(600), "fill", "#33aa55",
                    "opacity", 0.8, "rotation", random.nextInt(90), "cornerRadius", 20, "stroke", "#000000", "strokeWidth", 4)));
            ops.add(Op.create("e" + i, "ellipse" + i, NodeType.ELLIPSE, "root", Map.of("x", random.nextInt(3000), "y", random.nextInt(2000),
                    "width", 300 + random.nextInt(800), "height", 300 + random.nextInt(800), "fill", "#cc3355")));
            ops.add(Op.create("t" + i, "text" + i, NodeType.TEXT, "root", Map.of("x", random.nextInt(3000), "y", random.nextInt(2500),
                    "width", 900, "height", 400, "fontSize", 48, "text", "PixelCraft export benchmark layer " + i + " with wrapped text")));
            ops.add(Op.create("i" + i, "image" + i, NodeType.IMAGE, "root", Map.of("image", HASH, "x", random.nextInt(2400),
                    "y", random.nextInt(1800), "width", 1600, "height", 1200, "rotation", random.nextInt(30))));
        }
        for (int i = 0; i < 5; i++) {
            ops.add(Op.create("p" + i, "path" + i, NodeType.PATH, "root", Map.of("x", random.nextInt(3500), "y", random.nextInt(2500),
                    "d", "M0 0 C200 0 300 300 500 500 Q250 600 0 500 Z", "fill", "#8844cc", "stroke", "#000000", "strokeWidth", 3)));
        }
        String[] modes = {"multiply", "screen", "difference"};
        for (int i = 0; i < 3; i++) {
            ops.add(Op.create("b" + i, "blend" + i, NodeType.RECT, "root", Map.of("x", 500 * i, "y", 400 * i,
                    "width", 2000, "height", 1500, "fill", "#4488ff", "blendMode", modes[i])));
        }
        ops.add(Op.create("f0", "filtered", NodeType.IMAGE, "root", Map.of("image", HASH, "x", 1000, "y", 800, "width", 1600, "height", 1200,
                "filters", List.of(Map.of("id", "bench.invert", "version", "[1.0,2.0)")))));
        ops.add(Op.create("g0", "group", NodeType.GROUP, "root", Map.of("opacity", 0.5)));
        ops.add(Op.create("g1", "groupRect", NodeType.RECT, "group", Map.of("x", 100, "y", 100, "width", 1500, "height", 1000)));
        ops.add(Op.create("g2", "groupEllipse", NodeType.ELLIPSE, "group", Map.of("x", 900, "y", 600, "width", 1500, "height", 1000)));
        return ops;
    }
}
