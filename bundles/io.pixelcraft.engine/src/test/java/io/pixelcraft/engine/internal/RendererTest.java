package io.pixelcraft.engine.internal;

import static io.pixelcraft.engine.internal.Fixtures.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pixelcraft.api.document.BatchResult;
import io.pixelcraft.api.document.Document;
import io.pixelcraft.api.document.EngineLimits;
import io.pixelcraft.api.document.ExportFormat;
import io.pixelcraft.api.document.FilterLookup;
import io.pixelcraft.api.document.ImageLookup;
import io.pixelcraft.api.document.NodeType;
import io.pixelcraft.api.document.Op;
import io.pixelcraft.api.document.RasterFilter;
import io.pixelcraft.api.document.RenderRequest;
import io.pixelcraft.api.document.RenderResult;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Render tests against expected images. Shapes on whole-pixel edges must match exactly. Blends
 * and opacity may differ by 2 of 255 per channel, because of rounding. Anti-aliased curves and text
 * are checked on sample pixels away from their edges.
 */
class RendererTest {

    private static final int WHITE = 0xFFFFFFFF;
    private static final int RED = 0xFFFF0000;
    private static final int BLUE = 0xFF0000FF;

    private final Engine engine = Fixtures.engine();
    private final Document document = engine.create(50, 40);

    private void apply(Op... ops) {
        BatchResult result = document.apply(List.of(ops));
        assertThat(result.violations()).isEmpty();
    }

    private BufferedImage render(double scale) {
        return engine.render(document, RenderRequest.document(scale), ImageLookup.NONE, FilterLookup.NONE).image();
    }

    @Test
    void rectOnCanvasMatchesExactly() {
        apply(create("r", NodeType.RECT, "root", "x", 10, "y", 5, "width", 20, "height", 10, "fill", "#ff0000"));

        Pixels.assertClose(render(1), Pixels.expected(50, 40, WHITE, new int[] {10, 5, 20, 10, RED}), 0, 0);
    }

    @Test
    void scaleTwoDoublesEverything() {
        apply(create("r", NodeType.RECT, "root", "x", 10, "y", 5, "width", 20, "height", 10, "fill", "#ff0000"));

        Pixels.assertClose(render(2), Pixels.expected(100, 80, WHITE, new int[] {20, 10, 40, 20, RED}), 0, 0);
    }

    @Test
    void opacityBlendsWithBackground() {
        apply(create("r", NodeType.RECT, "root", "width", 50, "height", 40, "fill", "#ff0000", "opacity", 0.5));

        Pixels.assertClose(render(1), Pixels.expected(50, 40, 0xFFFF8080), 2, 0);
    }

    @Test
    void groupOpacityAppliesOnceToOverlap() {
        apply(create("g", NodeType.GROUP, "root", "opacity", 0.5),
                create("a", NodeType.RECT, "g", "width", 30, "height", 40, "fill", "#0000ff"),
                create("b", NodeType.RECT, "g", "x", 20, "width", 30, "height", 40, "fill", "#ff0000"));

        BufferedImage image = render(1);

        assertThat(Pixels.channelDistance(image.getRGB(10, 20), 0xFF8080FF)).isLessThanOrEqualTo(2);
        assertThat(Pixels.channelDistance(image.getRGB(25, 20), 0xFFFF8080)).as("overlap shows only the top child").isLessThanOrEqualTo(2);
    }

    @Test
    void blendModesFollowW3cFormulas() {
        apply(set("root", "fill", "#0000ff"),
                create("m", NodeType.RECT, "root", "width", 10, "height", 40, "fill", "#ff0000", "blendMode", "multiply"),
                create("s", NodeType.RECT, "root", "x", 10, "width", 10, "height", 40, "fill", "#ff0000", "blendMode", "screen"),
                create("d", NodeType.RECT, "root", "x", 20, "width", 10, "height", 40, "fill", "#ffffff", "blendMode", "difference"),
                create("k", NodeType.RECT, "root", "x", 30, "width", 10, "height", 40, "fill", "#ff0000", "blendMode", "darken"),
                create("l", NodeType.RECT, "root", "x", 40, "width", 10, "height", 40, "fill", "#ff0000", "blendMode", "lighten"));

        Pixels.assertClose(render(1), Pixels.expected(50, 40, BLUE,
                new int[] {0, 0, 10, 40, 0xFF000000},
                new int[] {10, 0, 10, 40, 0xFFFF00FF},
                new int[] {20, 0, 10, 40, 0xFFFFFF00},
                new int[] {30, 0, 10, 40, 0xFF000000},
                new int[] {40, 0, 10, 40, 0xFFFF00FF}), 2, 0);
    }

    private static Op set(String id, Object... props) {
        return Fixtures.set(id, props);
    }

    @Test
    void rotationTurnsAroundCentre() {
        apply(create("r", NodeType.RECT, "root", "x", 10, "y", 10, "width", 20, "height", 10, "rotation", 90, "fill", "#ff0000"));

        Pixels.assertClose(render(1), Pixels.expected(50, 40, WHITE, new int[] {15, 5, 10, 20, RED}), 2, 0);
    }

    @Test
    void frameClipsChildren() {
        apply(create("f", NodeType.FRAME, "root", "x", 10, "y", 10, "width", 20, "height", 20, "fill", "#0000ff"),
                create("r", NodeType.RECT, "f", "x", 5, "y", 5, "width", 100, "height", 100, "fill", "#ff0000"));

        Pixels.assertClose(render(1), Pixels.expected(50, 40, WHITE,
                new int[] {10, 10, 20, 20, BLUE}, new int[] {15, 15, 15, 15, RED}), 0, 0);
    }

    @Test
    void nestedLayersInsideRotatedFrame() {
        apply(create("f", NodeType.FRAME, "root", "x", 10, "y", 10, "width", 20, "height", 20, "rotation", 90, "fill", "#0000ff"),
                create("g", NodeType.GROUP, "f", "opacity", 0.5),
                create("r", NodeType.RECT, "g", "x", 10, "width", 20, "height", 20, "fill", "#ff0000", "blendMode", "multiply"));

        BufferedImage image = render(1);

        assertThat(image.getRGB(15, 15)).as("frame outside the group's rect").isEqualTo(BLUE);
        // The group's layer starts transparent, so the multiply has no backdrop inside it (an
        // isolated group, as in CSS): the red comes out unchanged and the group blends it at 50%.
        assertThat(Pixels.channelDistance(image.getRGB(25, 25), 0xFF800080)).as("isolated group at half opacity").isLessThanOrEqualTo(2);
        assertThat(image.getRGB(35, 25)).as("clipped by the frame").isEqualTo(WHITE);
    }

    @Test
    void hiddenNodeIsNotDrawn() {
        apply(create("r", NodeType.RECT, "root", "width", 20, "height", 20, "fill", "#ff0000", "visible", false));

        Pixels.assertClose(render(1), Pixels.expected(50, 40, WHITE), 0, 0);
    }

    @Test
    void zOrderFollowsKeys() {
        apply(create("a", NodeType.RECT, "root", "width", 20, "height", 20, "fill", "#ff0000"),
                create("b", NodeType.RECT, "root", "width", 20, "height", 20, "fill", "#0000ff"));
        apply(Op.move(Fixtures.opId(), "b", null, 0));

        assertThat(render(1).getRGB(10, 10)).isEqualTo(RED);
    }

    @Test
    void ellipseLineAndPathPaint() {
        apply(create("e", NodeType.ELLIPSE, "root", "width", 20, "height", 20, "fill", "#ff0000"),
                create("l", NodeType.LINE, "root", "x", 25, "y", 0, "width", 0, "height", 40, "strokeWidth", 2),
                create("p", NodeType.PATH, "root", "x", 30, "d", "M0 0 H20 V20 Z", "fill", "#0000ff"));

        BufferedImage image = render(1);

        assertThat(image.getRGB(10, 10)).as("ellipse centre").isEqualTo(RED);
        assertThat(image.getRGB(1, 1)).as("outside the ellipse").isEqualTo(WHITE);
        assertThat(image.getRGB(25, 20) & 0xFFFFFF).as("line").isEqualTo(0);
        assertThat(image.getRGB(45, 5)).as("inside the triangle").isEqualTo(BLUE);
        assertThat(image.getRGB(32, 15)).as("outside the triangle").isEqualTo(WHITE);
    }

    @Test
    void textPaintsInsideItsBox() {
        apply(create("t", NodeType.TEXT, "root", "x", 5, "y", 5, "width", 40, "height", 30, "text", "Hi\nyou", "fontSize", 12,
                "color", "#000000"));

        BufferedImage image = render(1);

        int dark = 0;
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 50; x++) {
                boolean inside = x >= 5 && y >= 5 && x < 45 && y < 35;
                if ((image.getRGB(x, y) & 0xFF) < 128) {
                    assertThat(inside).as("dark pixel at %d, %d", x, y).isTrue();
                    dark++;
                }
            }
        }
        assertThat(dark).as("dark text pixels").isGreaterThan(10);
    }

    @Test
    void imageFromCorpusMatchesSource() throws IOException {
        Path file = Pixels.corpusFile("pngsuite/png/basn2c08.png");
        assumeTrue(file != null, "Skipped: the shared image corpus (../shared/corpus) is not present");
        BufferedImage source = ImageIO.read(file.toFile());
        String hash = "ab".repeat(32);
        Document canvas = engine.create(source.getWidth(), source.getHeight());
        canvas.apply(List.of(create("i", NodeType.IMAGE, "root", "image", hash, "width", source.getWidth(), "height", source.getHeight())));

        RenderResult result = engine.render(canvas, RenderRequest.document(1),
                sha -> sha.equals(hash) ? Optional.of(source) : Optional.empty(), FilterLookup.NONE);

        assertThat(result.issues()).isEmpty();
        Pixels.assertClose(result.image(), Renderer.toArgb(source), 2, 0);
    }

    @Test
    void imageCropShowsPartOfSource() {
        BufferedImage source = Pixels.expected(20, 10, RED, new int[] {10, 0, 10, 10, BLUE});
        Document canvas = engine.create(20, 10);
        canvas.apply(List.of(create("i", NodeType.IMAGE, "root", "image", "cd".repeat(32), "width", 20, "height", 10,
                "cropX", 0.5, "cropWidth", 0.5)));

        RenderResult result = engine.render(canvas, RenderRequest.document(1), sha -> Optional.of(source), FilterLookup.NONE);

        Pixels.assertClose(result.image(), Pixels.expected(20, 10, BLUE), 2, 0.1);
    }

    @Test
    void missingImageDrawsPlaceholderAndReports() {
        apply(create("i", NodeType.IMAGE, "root", "image", "ef".repeat(32), "width", 20, "height", 20));

        RenderResult result = engine.render(document, RenderRequest.document(1), ImageLookup.NONE, FilterLookup.NONE);

        assertThat(result.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.kind()).isEqualTo("image-missing");
            assertThat(issue.nodeId()).isEqualTo("i");
        });
        assertThat(result.image().getRGB(10, 3)).isNotEqualTo(WHITE);
    }

    @Test
    void filtersSkipMissingAndFailing() {
        apply(create("r", NodeType.RECT, "root", "width", 50, "height", 40, "fill", "#ff0000", "filters", List.of(
                Map.of("id", "test.invert", "version", "[1.0,2.0)"),
                Map.of("id", "test.absent", "version", "1.0"),
                Map.of("id", "test.broken", "version", "1.0"))));
        RasterFilter invert = (input, params, scale) -> {
            BufferedImage out = new BufferedImage(input.getWidth(), input.getHeight(), BufferedImage.TYPE_INT_ARGB);
            for (int y = 0; y < input.getHeight(); y++) {
                for (int x = 0; x < input.getWidth(); x++) {
                    int argb = input.getRGB(x, y);
                    out.setRGB(x, y, (argb & 0xFF000000) | (~argb & 0x00FFFFFF));
                }
            }
            return out;
        };
        RasterFilter broken = (input, params, scale) -> {
            throw new IllegalStateException("boom");
        };
        FilterLookup filters = (id, range) -> switch (id) {
            case "test.invert" -> Optional.of(invert);
            case "test.broken" -> Optional.of(broken);
            default -> Optional.empty();
        };

        RenderResult result = engine.render(document, RenderRequest.document(1), ImageLookup.NONE, filters);

        Pixels.assertClose(result.image(), Pixels.expected(50, 40, 0xFF00FFFF), 0, 0);
        assertThat(result.issues()).extracting(RenderResult.Issue::kind).containsExactly("filter-missing", "filter-failed");
    }

    @Test
    void nodeRenderCropsToItsBounds() {
        apply(create("r", NodeType.RECT, "root", "x", 10, "y", 5, "width", 20, "height", 10, "fill", "#ff0000"));

        RenderResult result = engine.render(document, RenderRequest.node("r", 2), ImageLookup.NONE, FilterLookup.NONE);

        Pixels.assertClose(result.image(), Pixels.expected(40, 20, RED), 0, 0);
    }

    @Test
    void regionRenderShowsThatArea() {
        apply(create("r", NodeType.RECT, "root", "x", 10, "y", 5, "width", 20, "height", 10, "fill", "#ff0000"));

        RenderResult result = engine.render(document, new RenderRequest(null, new RenderRequest.Region(20, 0, 20, 10), 1),
                ImageLookup.NONE, FilterLookup.NONE);

        Pixels.assertClose(result.image(), Pixels.expected(20, 10, WHITE, new int[] {0, 5, 10, 5, RED}), 0, 0);
    }

    @Test
    void oversizedRenderIsRejected() {
        Engine small = new Engine(new EngineLimits(100, 10, 100, 100, 100, 1000));

        assertThatThrownBy(() -> small.render(small.create(100, 100), RenderRequest.document(1), ImageLookup.NONE, FilterLookup.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1000 pixels");
        assertThatThrownBy(() -> engine.render(document, RenderRequest.document(0), ImageLookup.NONE, FilterLookup.NONE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> engine.render(document, RenderRequest.node("nobody", 1), ImageLookup.NONE, FilterLookup.NONE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void exportPngIsLosslessAndJpegClose() throws IOException {
        apply(create("r", NodeType.RECT, "root", "x", 10, "y", 5, "width", 20, "height", 10, "fill", "#ff0000"));
        RenderResult result = engine.render(document, RenderRequest.document(1), ImageLookup.NONE, FilterLookup.NONE);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();

        engine.export(result, ExportFormat.PNG, png);
        engine.export(result, ExportFormat.JPEG, jpeg);

        Pixels.assertClose(ImageIO.read(new ByteArrayInputStream(png.toByteArray())), result.image(), 0, 0);
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(jpeg.toByteArray()));
        assertThat(Pixels.channelDistance(decoded.getRGB(20, 10), RED)).as("JPEG centre of the rect").isLessThanOrEqualTo(8);
        assertThat(Pixels.channelDistance(decoded.getRGB(45, 35), WHITE)).as("JPEG background").isLessThanOrEqualTo(8);
    }

    @Test
    void transparentCanvasFlattensOntoWhiteInJpeg() throws IOException {
        apply(set("root", "fill", "#00000000"));
        RenderResult result = engine.render(document, RenderRequest.document(1), ImageLookup.NONE, FilterLookup.NONE);
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();

        engine.export(result, ExportFormat.JPEG, jpeg);

        assertThat(result.image().getRGB(5, 5) >>> 24).isZero();
        assertThat(Pixels.channelDistance(ImageIO.read(new ByteArrayInputStream(jpeg.toByteArray())).getRGB(5, 5), WHITE)).isLessThanOrEqualTo(3);
    }

}
