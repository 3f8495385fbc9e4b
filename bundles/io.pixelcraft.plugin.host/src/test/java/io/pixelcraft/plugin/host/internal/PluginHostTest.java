package io.pixelcraft.plugin.host.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pixelcraft.api.plugin.CostedFilter;
import io.pixelcraft.api.plugin.Filter;
import io.pixelcraft.api.plugin.FilterContext;
import io.pixelcraft.api.plugin.FilterCost;
import io.pixelcraft.api.plugin.FilterPipeline;
import io.pixelcraft.api.plugin.FilterStep;
import io.pixelcraft.api.plugin.Parameter;
import io.pixelcraft.api.plugin.ParameterSchema;
import io.pixelcraft.api.plugin.Parameters;
import io.pixelcraft.api.plugin.Raster;
import io.pixelcraft.testing.TestStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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
    private final AtomicReference<Caller> caller = new AtomicReference<>(Caller.NONE);
    private final PluginHost host = host(Map.of());

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
        return config(Map.of());
    }

    /** Returns a configuration with a 200 ms call timeout and the given values over the annotation defaults. */
    static PluginHostConfig config(Map<String, Object> overrides) {
        return (PluginHostConfig) Proxy.newProxyInstance(PluginHostConfig.class.getClassLoader(),
                new Class<?>[] {PluginHostConfig.class}, (proxy, method, args) -> {
                    if (overrides.containsKey(method.getName())) {
                        return overrides.get(method.getName());
                    }
                    return method.getName().equals("callTimeoutMillis") ? 200L : method.getDefaultValue();
                });
    }

    /** Sets the caller ids that the web dispatcher would put into the MDC of a request thread. */
    private void callAs(String userId, String projectId, String requestId) {
        caller.set(new Caller(userId, projectId, requestId));
    }

    /** Returns a host with the given configuration values, the test bundle and the test's caller. */
    private PluginHost host(Map<String, Object> overrides) {
        PluginHost created = new PluginHost(config(overrides), context(bundle, dataDirectory));
        created.setCallerLookup(caller::get);
        return created;
    }

    /** Returns a filter that sleeps past any test's call timeout. */
    private static Filter slowFilter() {
        return PluginCallRunnerTest.filter((input, context) -> {
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return input;
        });
    }

    /** Returns a filter {@code test.costed} that costs {@code radius²} units per pixel and counts its calls. */
    static CostedFilter costedFilter(AtomicInteger calls) {
        return new CostedFilter() {
            @Override
            public String id() {
                return "test.costed";
            }

            @Override
            public String name(Locale locale) {
                return "Costed";
            }

            @Override
            public ParameterSchema schema() {
                return ParameterSchema.of(new Parameter.Number("radius", "Radius", 0, 100, 1.0, false));
            }

            @Override
            public FilterCost cost() {
                return FilterCost.scaledBy(1, "radius", 2);
            }

            @Override
            public Raster apply(Raster input, Parameters parameters, FilterContext context) {
                calls.incrementAndGet();
                return input;
            }
        };
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
    void timeoutsFromTwoUsersDisablePlugin() {
        register(slowFilter());

        callAs("u1", "p1", "r1");
        host.render("hash-1", SOURCE, List.of(new FilterStep("test.filter", Map.of())));
        host.render("hash-2", SOURCE, List.of(new FilterStep("test.filter", Map.of())));
        callAs("u2", "p2", "r2");
        host.render("hash-3", SOURCE, List.of(new FilterStep("test.filter", Map.of())));
        FilterPipeline.Result afterDisable = host.render("hash-x", SOURCE, List.of(new FilterStep("test.filter", Map.of())));

        assertThat(stops).hasValue(1);
        assertThat(host.state("test.plugin").disabledReason())
                .startsWith("3 calls from 2 distinct callers failed within 10 min; last: Filter test.filter did not finish");
        assertThat(afterDisable.skipped()).singleElement()
                .satisfies(skipped -> assertThat(skipped.reason()).startsWith("Filter test.filter is disabled"));
    }

    @Test
    void oneUserCannotDisablePlugin() {
        register(slowFilter());

        callAs("u1", "p1", "r1");
        for (int i = 0; i < 5; i++) {
            host.render("hash-" + i, SOURCE, List.of(new FilterStep("test.filter", Map.of())));
        }

        assertThat(stops).hasValue(0);
        assertThat(host.state("test.plugin").disabledReason()).isNull();
        assertThat(host.state("test.plugin").failuresSinceEnable()).isEqualTo(5);
    }

    @Test
    void exceptionsCountTowardDisable() {
        register(PluginCallRunnerTest.filter((input, context) -> {
            throw new IllegalStateException("broken");
        }));

        for (String user : List.of("u1", "u2", "u3")) {
            callAs(user, "p1", "r-" + user);
            host.render("hash-" + user, SOURCE, List.of(new FilterStep("test.filter", Map.of())));
        }

        assertThat(stops).hasValue(1);
        assertThat(host.state("test.plugin").disabledReason()).contains("failed with IllegalStateException");
    }

    @Test
    void outOfMemoryStopsRenderUncounted() {
        register(PluginCallRunnerTest.filter((input, context) -> {
            throw new OutOfMemoryError("Java heap space");
        }));

        for (String user : List.of("u1", "u2", "u3")) {
            callAs(user, "p1", "r-" + user);
            assertThatThrownBy(() -> host.render("hash-" + user, SOURCE, List.of(new FilterStep("test.filter", Map.of()))))
                    .isInstanceOf(OutOfMemoryError.class)
                    .hasMessage("Filter test.filter ran the server out of memory");
        }

        assertThat(stops).hasValue(0);
        assertThat(host.state("test.plugin").disabledReason()).isNull();
        assertThat(host.state("test.plugin").failuresSinceEnable()).isZero();
    }

    @Test
    void singleCallerRuleConfigurable() {
        host.deactivate();
        PluginHost strict = host(Map.of("distinctCallersBeforeDisable", 1));
        try {
            strict.bindFilter(slowFilter(), reference());
            for (int i = 0; i < 3; i++) {
                strict.render("hash-" + i, SOURCE, List.of(new FilterStep("test.filter", Map.of())));
            }

            assertThat(stops).hasValue(1);
            assertThat(strict.state("test.plugin").disabledReason()).startsWith("3 calls from 1 distinct callers failed");
        } finally {
            strict.deactivate();
        }
    }

    @Test
    void enableResetsFailureCount() {
        register(slowFilter());
        callAs("u1", "p1", "r1");
        host.render("hash-1", SOURCE, List.of(new FilterStep("test.filter", Map.of())));
        host.render("hash-2", SOURCE, List.of(new FilterStep("test.filter", Map.of())));

        host.clearDisabled("test.plugin");
        callAs("u2", "p2", "r2");
        host.render("hash-3", SOURCE, List.of(new FilterStep("test.filter", Map.of())));

        assertThat(host.state("test.plugin").failuresSinceEnable()).isEqualTo(1);
        assertThat(host.state("test.plugin").failuresInWindow()).isEqualTo(1);
        assertThat(host.state("test.plugin").disabledReason()).as("failures before the enable no longer count").isNull();
        assertThat(stops).hasValue(0);
    }

    @Test
    void costOverCallLimitRejectedBeforeRun() {
        AtomicInteger calls = new AtomicInteger();
        host.deactivate();
        PluginHost limited = host(Map.of("maxCostPerCall", 100L));
        try {
            limited.bindFilter(costedFilter(calls), reference());
            callAs("u1", "p1", "r1");

            FilterPipeline.Result result = limited.render("hash", SOURCE,
                    List.of(new FilterStep("test.costed", Map.of("radius", 10))));

            assertThat(calls).hasValue(0);
            assertThat(result.skipped()).singleElement().satisfies(skipped -> assertThat(skipped.reason())
                    .startsWith("Filter test.costed was not run: on 2 × 2 pixels with radius 10 it needs an estimated 400 cost units, above the limit of 100 per call.")
                    .contains("lower radius to at most 5,"));
            assertThat(limited.state("test.plugin").failuresSinceEnable()).isZero();
            assertThat(stops).hasValue(0);
        } finally {
            limited.deactivate();
        }
    }

    @Test
    void costWithinCallLimitRuns() {
        AtomicInteger calls = new AtomicInteger();
        host.deactivate();
        PluginHost limited = host(Map.of("maxCostPerCall", 100L));
        try {
            limited.bindFilter(costedFilter(calls), reference());

            FilterPipeline.Result result = limited.render("hash", SOURCE,
                    List.of(new FilterStep("test.costed", Map.of("radius", 5))));

            assertThat(result.skipped()).isEmpty();
            assertThat(calls).hasValue(1);
        } finally {
            limited.deactivate();
        }
    }

    @Test
    void renderTotalRejectsLaterCalls() {
        AtomicInteger calls = new AtomicInteger();
        host.deactivate();
        PluginHost limited = host(Map.of("maxCostPerRender", 10L));
        try {
            limited.bindFilter(costedFilter(calls), reference());
            callAs("u1", "p1", "r1");

            // Each call costs 4 units (2 × 2 pixels at radius 1), as the renderer makes them: one step at a time.
            FilterPipeline.Result first = limited.render("hash-1", SOURCE, List.of(new FilterStep("test.costed", Map.of())));
            FilterPipeline.Result second = limited.render("hash-2", SOURCE, List.of(new FilterStep("test.costed", Map.of())));
            FilterPipeline.Result third = limited.render("hash-3", SOURCE, List.of(new FilterStep("test.costed", Map.of())));
            callAs("u1", "p1", "r2");
            FilterPipeline.Result nextRequest = limited.render("hash-4", SOURCE, List.of(new FilterStep("test.costed", Map.of())));

            assertThat(first.skipped()).isEmpty();
            assertThat(second.skipped()).isEmpty();
            assertThat(third.skipped()).singleElement().satisfies(skipped -> assertThat(skipped.reason())
                    .isEqualTo("Filter test.costed was not run: the filters of this render already used an estimated 8 of 10 "
                            + "cost units and this call needs 4 more. Remove filters, lower their parameters or apply them to smaller nodes"));
            assertThat(nextRequest.skipped()).as("a new request starts a new total").isEmpty();
            assertThat(calls).hasValue(3);
            assertThat(limited.state("test.plugin").failuresSinceEnable()).isZero();
        } finally {
            limited.deactivate();
        }
    }

    @Test
    void renderTotalAppliesWithinOneStepList() {
        AtomicInteger calls = new AtomicInteger();
        host.deactivate();
        PluginHost limited = host(Map.of("maxCostPerRender", 10L));
        try {
            limited.bindFilter(costedFilter(calls), reference());
            FilterStep step = new FilterStep("test.costed", Map.of());

            FilterPipeline.Result result = limited.render("hash", SOURCE, List.of(step, step, step));

            assertThat(result.skipped()).singleElement().satisfies(skipped -> assertThat(skipped.index()).isEqualTo(2));
            assertThat(calls).hasValue(2);
        } finally {
            limited.deactivate();
        }
    }

    @Test
    void automaticDisableAudited() {
        register(slowFilter());
        try (TestStorage storage = new TestStorage()) {
            host.setStorage(storage);

            callAs("u1", "p1", "r1");
            host.render("hash-1", SOURCE, List.of(new FilterStep("test.filter", Map.of())));
            host.render("hash-2", SOURCE, List.of(new FilterStep("test.filter", Map.of())));
            callAs("u2", "p2", "r2");
            host.render("hash-3", SOURCE, List.of(new FilterStep("test.filter", Map.of())));

            List<PluginAdmin.AuditEntry> entries = PluginAuditLog.read(storage, 10);
            assertThat(entries).singleElement().satisfies(entry -> {
                assertThat(entry.actor()).isEqualTo("system");
                assertThat(entry.action()).isEqualTo("disable");
                assertThat(entry.plugin()).isEqualTo("test.plugin");
                assertThat(entry.outcome()).isEqualTo("ok");
                assertThat(entry.detail()).startsWith("3 calls from 2 distinct callers failed");
                assertThat(entry.detail()).endsWith("(last failing call: user u2, project p2)");
            });
        }
    }

    @Test
    void disabledGaugeFollowsState() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        host.state("test.plugin");
        host.setMeterRegistry(registry);

        host.markDisabled("test.plugin", "disabled by admin@example.com");
        double whileDisabled = registry.get(PluginHost.DISABLED_GAUGE).tag("plugin", "test.plugin").gauge().value();
        host.clearDisabled("test.plugin");
        double afterEnable = registry.get(PluginHost.DISABLED_GAUGE).tag("plugin", "test.plugin").gauge().value();
        host.state("other.plugin");

        assertThat(whileDisabled).isEqualTo(1.0);
        assertThat(afterEnable).isEqualTo(0.0);
        assertThat(registry.find(PluginHost.DISABLED_GAUGE).tag("plugin", "other.plugin").gauge())
                .as("a plugin seen after the registry arrived").isNotNull();
    }

    @Test
    void reactivatedHostOwnsGauge() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        host.state("test.plugin");
        host.setMeterRegistry(registry);
        host.deactivate();

        PluginHost reactivated = host(Map.of());
        try {
            reactivated.state("test.plugin");
            reactivated.setMeterRegistry(registry);
            reactivated.markDisabled("test.plugin", "disabled by admin@example.com");

            assertThat(registry.get(PluginHost.DISABLED_GAUGE).tag("plugin", "test.plugin").gauge().value()).isEqualTo(1.0);
        } finally {
            reactivated.deactivate();
        }
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
