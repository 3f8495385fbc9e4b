package io.pixelcraft.plugin.host.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixelcraft.api.plugin.Filter;
import io.pixelcraft.api.plugin.FilterPipeline;
import io.pixelcraft.api.plugin.FilterStep;
import io.pixelcraft.api.plugin.Raster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;

class PluginHostTest {

    private static final Raster SOURCE = Raster.filled(2, 2, 0xFF000000);

    private final AtomicInteger stops = new AtomicInteger();
    private final Bundle bundle = bundle(stops);
    private final Path dataDirectory = createDataDirectory();
    private final PluginHost host = new PluginHost(config(), context(bundle, dataDirectory));

    private static Path createDataDirectory() {
        try {
            return Files.createTempDirectory("plugin-host-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterEach
    void close() {
        host.deactivate();
    }

    /** Returns a configuration with the annotation defaults, but a 200 ms call timeout. */
    private static PluginHostConfig config() {
        return (PluginHostConfig) Proxy.newProxyInstance(PluginHostConfig.class.getClassLoader(),
                new Class<?>[] {PluginHostConfig.class}, (proxy, method, args) ->
                        method.getName().equals("callTimeoutMillis") ? 200L : method.getDefaultValue());
    }

    private static Bundle bundle(AtomicInteger stops) {
        return (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getSymbolicName" -> "test.plugin";
                    case "getBundleId" -> 42L;
                    case "getVersion" -> new Version(1, 0, 0);
                    case "getHeaders" -> new Hashtable<String, String>();
                    case "stop" -> {
                        stops.incrementAndGet();
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static BundleContext context(Bundle bundle, Path dataDirectory) {
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(), new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getBundle") && args != null && args.length == 1) {
                        return bundle;
                    }
                    if (method.getName().equals("getDataFile")) {
                        return dataDirectory.resolve((String) args[0]).toFile();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @SuppressWarnings("unchecked")
    private ServiceReference<Filter> reference() {
        return (ServiceReference<Filter>) Proxy.newProxyInstance(ServiceReference.class.getClassLoader(),
                new Class<?>[] {ServiceReference.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getBundle" -> bundle;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private void register(Filter filter) {
        host.bindFilter(filter, reference());
    }

    @Test
    void missingFilterSkippedWithReason() {
        FilterPipeline.Result result = host.render("hash", SOURCE, List.of(new FilterStep("nope", Map.of())));

        assertThat(result.raster()).isEqualTo(SOURCE);
        assertThat(result.skipped()).singleElement().satisfies(skipped -> {
            assertThat(skipped.index()).isZero();
            assertThat(skipped.reason()).isEqualTo("Filter nope is not installed");
        });
    }

    @Test
    void secondRenderComesFromCache() {
        AtomicInteger calls = new AtomicInteger();
        register(PluginCallRunnerTest.filter((input, context) -> {
            calls.incrementAndGet();
            return Raster.filled(input.width(), input.height(), 0xFFFFFFFF);
        }));
        List<FilterStep> steps = List.of(new FilterStep("test.filter", Map.of()));

        FilterPipeline.Result first = host.render("hash", SOURCE, steps);
        FilterPipeline.Result second = host.render("hash", SOURCE, steps);

        assertThat(first.cached()).isFalse();
        assertThat(second.cached()).isTrue();
        assertThat(second.raster().argb(0, 0)).isEqualTo(0xFFFFFFFF);
        assertThat(calls).hasValue(1);
    }

    @Test
    void timedOutRenderNotCached() {
        AtomicInteger calls = new AtomicInteger();
        register(PluginCallRunnerTest.filter((input, context) -> {
            if (calls.incrementAndGet() == 1) {
                try {
                    Thread.sleep(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return Raster.filled(input.width(), input.height(), 0xFFFFFFFF);
        }));
        List<FilterStep> steps = List.of(new FilterStep("test.filter", Map.of()));

        FilterPipeline.Result timedOut = host.render("hash", SOURCE, steps);
        FilterPipeline.Result retried = host.render("hash", SOURCE, steps);

        assertThat(timedOut.skipped()).singleElement()
                .satisfies(skipped -> assertThat(skipped.reason()).contains("did not finish within 200 ms"));
        assertThat(retried.cached()).isFalse();
        assertThat(retried.skipped()).isEmpty();
        assertThat(retried.raster().argb(0, 0)).isEqualTo(0xFFFFFFFF);
        assertThat(calls).hasValue(2);
    }

    @Test
    void invalidParametersSkipped() {
        register(PluginCallRunnerTest.filter((input, context) -> input));

        FilterPipeline.Result result = host.render("hash", SOURCE, List.of(new FilterStep("test.filter", Map.of("radius", 3))));

        assertThat(result.skipped()).singleElement()
                .satisfies(skipped -> assertThat(skipped.reason()).startsWith("Invalid parameters: Unknown parameter 'radius'"));
    }

    @Test
    void failingFilterSkippedAndOthersRun() {
        register(PluginCallRunnerTest.filter((input, context) -> {
            throw new IllegalStateException("broken");
        }));

        FilterPipeline.Result result = host.render("hash", SOURCE, List.of(
                new FilterStep("test.filter", Map.of()), new FilterStep("absent", Map.of())));

        assertThat(result.raster()).isEqualTo(SOURCE);
        assertThat(result.skipped()).hasSize(2);
        assertThat(result.skipped().get(0).reason()).contains("failed with IllegalStateException");
    }

    @Test
    void repeatedTimeoutsDisablePlugin() {
        register(PluginCallRunnerTest.filter((input, context) -> {
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return input;
        }));

        for (int i = 0; i < 3; i++) {
            host.render("hash-" + i, SOURCE, List.of(new FilterStep("test.filter", Map.of())));
        }
        FilterPipeline.Result afterDisable = host.render("hash-x", SOURCE, List.of(new FilterStep("test.filter", Map.of())));

        assertThat(stops).hasValue(1);
        assertThat(host.state("test.plugin").disabledReason()).startsWith("3 calls in a row exceeded their budget");
        assertThat(afterDisable.skipped()).singleElement()
                .satisfies(skipped -> assertThat(skipped.reason()).startsWith("Filter test.filter is disabled"));
    }

    @Test
    void disabledStateSurvivesRestart() {
        host.markDisabled("test.plugin", "disabled by admin@example.com");

        PluginHost restarted = new PluginHost(config(), context(bundle, dataDirectory));
        try {
            assertThat(restarted.state("test.plugin").disabledReason()).isEqualTo("disabled by admin@example.com");
            restarted.clearDisabled("test.plugin");
        } finally {
            restarted.deactivate();
        }
        PluginHost again = new PluginHost(config(), context(bundle, dataDirectory));
        try {
            assertThat(again.state("test.plugin").disabledReason()).isNull();
        } finally {
            again.deactivate();
        }
    }
}
