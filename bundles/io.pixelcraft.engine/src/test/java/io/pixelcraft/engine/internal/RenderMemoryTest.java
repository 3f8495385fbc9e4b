package io.pixelcraft.engine.internal;

import static io.pixelcraft.engine.internal.Fixtures.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pixelcraft.api.document.BatchResult;
import io.pixelcraft.api.document.Document;
import io.pixelcraft.api.document.EngineLimits;
import io.pixelcraft.api.document.FilterLookup;
import io.pixelcraft.api.document.ImageLookup;
import io.pixelcraft.api.document.NodeType;
import io.pixelcraft.api.document.Op;
import io.pixelcraft.api.document.RasterFilter;
import io.pixelcraft.api.document.RenderRequest;
import io.pixelcraft.api.document.RenderResult;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Render memory: the estimate, the budget and what happens when the heap runs out. */
class RenderMemoryTest {

    /** Bytes of one 50 × 40 ARGB raster. */
    private static final long RASTER = 50 * 40 * 4;

    private static final List<Map<String, Object>> BLUR = List.of(Map.of("id", "test.blur", "version", "1.0"));

    private static Document document(Engine engine, Op... ops) {
        Document document = engine.create(50, 40);
        BatchResult result = document.apply(List.of(ops));
        assertThat(result.violations()).isEmpty();
        return document;
    }

    private static MutableNode root(Document document) {
        return ((MutableDocument) document).root();
    }

    @Test
    void estimateCountsRastersLayersAndFilters() {
        Engine engine = Fixtures.engine();
        Document plain = document(engine, create("r", NodeType.RECT, "root", "width", 10, "height", 10));
        Document filtered = document(engine, create("r", NodeType.RECT, "root", "width", 10, "height", 10, "filters", BLUR));
        Document nested = document(engine, create("g", NodeType.GROUP, "root", "opacity", 0.5),
                create("r", NodeType.RECT, "g", "width", 10, "height", 10, "blendMode", "multiply"));
        Document hidden = document(engine,
                create("r", NodeType.RECT, "root", "width", 10, "height", 10, "filters", BLUR, "visible", false));

        assertThat(Renderer.estimateBytes(root(plain), 50, 40)).isEqualTo(RASTER);
        assertThat(Renderer.estimateBytes(root(filtered), 50, 40)).isEqualTo(RASTER * (2 + Renderer.FILTER_WORKING_RASTERS));
        assertThat(Renderer.estimateBytes(root(nested), 50, 40)).isEqualTo(RASTER * 3);
        assertThat(Renderer.estimateBytes(root(hidden), 50, 40)).isEqualTo(RASTER);
    }

    @Test
    void renderAboveBudgetIsRejected() {
        Engine engine = new Engine(EngineLimits.DEFAULTS, 4096, 0);
        Document document = engine.create(50, 40);

        assertThatThrownBy(() -> engine.render(document, RenderRequest.document(1), ImageLookup.NONE, FilterLookup.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Rendering 50 × 40 pixels needs about 1 MB of memory, above the render memory budget of 1 MB");
        assertThat(engine.admission().admittedBytes()).isZero();
    }

    @Test
    void outOfMemoryInFilterStopsRender() {
        Engine engine = new Engine(EngineLimits.DEFAULTS, RASTER * 10, 0);
        Document document = document(engine, create("r", NodeType.RECT, "root", "width", 10, "height", 10, "filters", BLUR));
        RasterFilter exhausting = (input, params, scale) -> {
            throw new OutOfMemoryError("Java heap space");
        };

        assertThatThrownBy(() -> engine.render(document, RenderRequest.document(1), ImageLookup.NONE,
                (id, range) -> Optional.of(exhausting)))
                .isInstanceOf(RejectedExecutionException.class)
                .hasMessage("Rendering 50 × 40 pixels ran the server out of memory, so it was stopped");
        assertThat(engine.admission().admittedBytes()).isZero();
        RenderResult after = engine.render(document, RenderRequest.document(1), ImageLookup.NONE,
                (id, range) -> Optional.of((input, params, scale) -> input));
        assertThat(after.issues()).isEmpty();
    }

    @Test
    void parallelRenderBeyondBudgetIsRejected() throws Exception {
        // Room for one filtered render at a time, and no wait for the second.
        Engine engine = new Engine(EngineLimits.DEFAULTS, RASTER * (2 + Renderer.FILTER_WORKING_RASTERS), 0);
        Document first = document(engine, create("r", NodeType.RECT, "root", "width", 10, "height", 10, "filters", BLUR));
        Document second = document(engine, create("r", NodeType.RECT, "root", "width", 10, "height", 10, "filters", BLUR));
        CountDownLatch filtering = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        FilterLookup blocking = (id, range) -> Optional.of((input, params, scale) -> {
            filtering.countDown();
            release.await(10, TimeUnit.SECONDS);
            return input;
        });

        CompletableFuture<RenderResult> running = CompletableFuture.supplyAsync(
                () -> engine.render(first, RenderRequest.document(1), ImageLookup.NONE, blocking));
        assertThat(filtering.await(10, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> engine.render(second, RenderRequest.document(1), ImageLookup.NONE, FilterLookup.NONE))
                .isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("50 × 40 pixels");
        release.countDown();
        assertThat(running.get(10, TimeUnit.SECONDS).issues()).isEmpty();
        assertThat(engine.admission().admittedBytes()).isZero();
    }
}
