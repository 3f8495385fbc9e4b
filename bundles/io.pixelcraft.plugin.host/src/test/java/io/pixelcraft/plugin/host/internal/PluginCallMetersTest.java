package io.pixelcraft.plugin.host.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pixelcraft.api.plugin.Filter;
import io.pixelcraft.api.plugin.FilterContext;
import io.pixelcraft.api.plugin.FilterStep;
import io.pixelcraft.api.plugin.ParameterSchema;
import io.pixelcraft.api.plugin.Parameters;
import io.pixelcraft.api.plugin.Raster;
import io.pixelcraft.plugin.sandbox.BudgetExceededError;
import io.pixelcraft.plugin.sandbox.CallBudget;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;

class PluginCallMetersTest {

    private static final Raster SOURCE = Raster.filled(2, 2, 0xFF000000);

    /** Output budget of the test configuration, in pixels: the 2x2 source fits, 8x8 does not. */
    private static final long MAX_OUTPUT_PIXELS = 16;

    @TempDir
    Path dataDirectory;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Map<Long, Bundle> bundles = new ConcurrentHashMap<>();
    private PluginHost host;

    @BeforeEach
    void start() {
        host = new PluginHost(config(), context());
        host.setMeterRegistry(registry);
    }

    @AfterEach
    void stop() {
        host.deactivate();
    }

    @Test
    void successCountedAsOk() {
        register(1, "example.ok", "ok.filter", (input, context) -> input);

        render("ok.filter");

        assertThat(calls("example.ok", "ok").count()).isEqualTo(1);
        assertThat(calls("example.ok", "ok").totalTime(TimeUnit.NANOSECONDS)).isPositive();
    }

    @Test
    void failingPluginCountedAsFailed() {
        register(1, "example.broken", "broken.filter", (input, context) -> {
            throw new IllegalStateException("broken");
        });

        // Two source images, because the result cache keeps a failed render of the same image.
        host.render("first", SOURCE, List.of(new FilterStep("broken.filter", Map.of())));
        host.render("second", SOURCE, List.of(new FilterStep("broken.filter", Map.of())));

        assertThat(calls("example.broken", "failed").count()).isEqualTo(2);
        assertThat(registry.find(PluginCallMeters.NAME).tag("outcome", "ok").timer()).isNull();
    }

    @Test
    void timeBudgetStopCounted() {
        register(1, "example.slow", "slow.filter", (input, context) -> {
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return input;
        });

        render("slow.filter");

        Timer timer = calls("example.slow", "budget_time");
        assertThat(timer.count()).isEqualTo(1);
        assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(200);
    }

    @Test
    void memoryBudgetStopCounted() {
        // Trusted test code is not woven, so the filter throws what a woven allocation check throws.
        register(1, "example.greedy", "greedy.filter", (input, context) -> {
            throw new BudgetExceededError(CallBudget.Limit.ALLOCATION, "Plugin call allocated too much");
        });

        render("greedy.filter");

        assertThat(calls("example.greedy", "budget_memory").count()).isEqualTo(1);
    }

    @Test
    void outputBudgetStopCounted() {
        register(1, "example.large", "large.filter", (input, context) -> Raster.filled(8, 8, 0xFFFFFFFF));

        render("large.filter");

        assertThat(calls("example.large", "budget_output").count()).isEqualTo(1);
    }

    @Test
    void pluginsCountedSeparately() {
        register(1, "example.broken", "broken.filter", (input, context) -> {
            throw new IllegalStateException("broken");
        });
        register(2, "example.ok", "ok.filter", (input, context) -> input);

        host.render("hash", SOURCE, List.of(new FilterStep("broken.filter", Map.of()),
                new FilterStep("ok.filter", Map.of())));

        assertThat(calls("example.broken", "failed").count()).isEqualTo(1);
        assertThat(calls("example.ok", "ok").count()).isEqualTo(1);
        assertThat(registry.find(PluginCallMeters.NAME).tag("plugin", "example.ok").tag("outcome", "failed").timer())
                .isNull();
    }

    @Test
    void callsWithoutRegistryNotMeasured() {
        register(1, "example.ok", "ok.filter", (input, context) -> input);
        host.setMeterRegistry(null);

        render("ok.filter");

        assertThat(registry.find(PluginCallMeters.NAME).timers()).isEmpty();
    }

    @Test
    void outcomeTagOfEveryFailure() {
        assertThat(PluginCallMeters.outcome(new CallOutcome.Success<>("value", 1))).isEqualTo("ok");
        Map<CallOutcome.Failure, String> expected = Map.of(
                CallOutcome.Failure.TIME_BUDGET, "budget_time",
                CallOutcome.Failure.ALLOCATION_BUDGET, "budget_memory",
                CallOutcome.Failure.OUTPUT_BUDGET, "budget_output",
                CallOutcome.Failure.PLUGIN_ERROR, "failed",
                CallOutcome.Failure.BUSY, "busy",
                CallOutcome.Failure.CANCELLED, "cancelled",
                CallOutcome.Failure.OUT_OF_MEMORY, "out_of_memory");
        assertThat(expected).containsOnlyKeys(CallOutcome.Failure.values());
        expected.forEach((failure, tag) ->
                assertThat(PluginCallMeters.outcome(new CallOutcome.Failed<>(failure, "message"))).isEqualTo(tag));
    }

    private Timer calls(String plugin, String outcome) {
        return registry.get(PluginCallMeters.NAME)
                .tag("plugin", plugin)
                .tag("type", PluginCallMeters.TYPE_FILTER)
                .tag("outcome", outcome)
                .timer();
    }

    private void render(String filterId) {
        host.render("hash", SOURCE, List.of(new FilterStep(filterId, Map.of())));
    }

    private void register(long bundleId, String symbolicName, String filterId, BiFunction<Raster, FilterContext, Raster> body) {
        Bundle bundle = bundle(bundleId, symbolicName);
        bundles.put(bundleId, bundle);
        host.bindFilter(filter(filterId, body), reference(bundle));
    }

    /** Returns a configuration with the annotation defaults, but a 200 ms call timeout and a small output budget. */
    private static PluginHostConfig config() {
        return (PluginHostConfig) Proxy.newProxyInstance(PluginHostConfig.class.getClassLoader(),
                new Class<?>[] {PluginHostConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "callTimeoutMillis" -> 200L;
                    case "maxOutputPixels" -> MAX_OUTPUT_PIXELS;
                    default -> method.getDefaultValue();
                });
    }

    private BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getBundle" -> bundles.get((Long) args[0]);
                    case "getDataFile" -> dataDirectory.resolve((String) args[0]).toFile();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static Bundle bundle(long bundleId, String symbolicName) {
        return (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getSymbolicName" -> symbolicName;
                    case "getBundleId" -> bundleId;
                    case "getVersion" -> new Version(1, 0, 0);
                    case "getHeaders" -> new Hashtable<String, String>();
                    case "stop" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @SuppressWarnings("unchecked")
    private static ServiceReference<Filter> reference(Bundle bundle) {
        return (ServiceReference<Filter>) Proxy.newProxyInstance(ServiceReference.class.getClassLoader(),
                new Class<?>[] {ServiceReference.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getBundle" -> bundle;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static Filter filter(String id, BiFunction<Raster, FilterContext, Raster> body) {
        return new Filter() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public String name(Locale locale) {
                return id;
            }

            @Override
            public ParameterSchema schema() {
                return ParameterSchema.EMPTY;
            }

            @Override
            public Raster apply(Raster input, Parameters parameters, FilterContext context) {
                return body.apply(input, context);
            }
        };
    }
}
