package io.pixelcraft.plugin.host.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.pixelcraft.api.plugin.Filter;
import io.pixelcraft.api.plugin.FilterPipeline;
import io.pixelcraft.api.plugin.FilterStep;
import io.pixelcraft.api.plugin.ParameterSchema;
import io.pixelcraft.api.plugin.Parameters;
import io.pixelcraft.api.plugin.Raster;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the registered filters (a whiteboard of {@link Filter} services), runs them within
 * their budgets, disables plugins that exceed budgets repeatedly, and renders filter lists for
 * the engine with a result cache.
 */
@Component(service = {FilterPipeline.class, PluginHost.class}, configurationPid = "io.pixelcraft.plugin.host")
@Designate(ocd = PluginHostConfig.class)
public class PluginHost implements FilterPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);

    /** Languages whose filter names are read when a filter arrives. */
    static final List<Locale> NAME_LOCALES = List.of(Locale.ENGLISH, Locale.GERMAN, Locale.FRENCH);

    /** The state of one plugin bundle as the host tracks it. */
    public static final class PluginState {
        private int consecutiveBudgetFailures;
        private int totalBudgetFailures;
        private volatile String disabledReason;
        private volatile Instant disabledAt;
        private volatile String brokenReason;

        public int consecutiveBudgetFailures() {
            return consecutiveBudgetFailures;
        }

        public int totalBudgetFailures() {
            return totalBudgetFailures;
        }

        /** Returns why the host disabled the plugin, or null while it is enabled. */
        public String disabledReason() {
            return disabledReason;
        }

        public Instant disabledAt() {
            return disabledAt;
        }

        /** Returns why the host could not read a filter's metadata, or null. */
        public String brokenReason() {
            return brokenReason;
        }
    }

    /** File in the bundle's data area that lists disabled plugins with their reasons. */
    static final String DISABLED_FILE = "disabled-plugins.properties";

    private final PluginHostConfig config;
    private final BundleContext context;
    private final PluginCallRunner runner;
    private final ResultCache cache;
    private final Map<String, FilterEntry> filters = new ConcurrentHashMap<>();
    private final Map<ServiceReference<Filter>, String> filterIdsByReference = new ConcurrentHashMap<>();
    private final Map<String, PluginState> states = new ConcurrentHashMap<>();

    /** Absent until the metrics bundle registers one; then plugin calls are not measured. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile MeterRegistry meterRegistry;

    @Activate
    public PluginHost(PluginHostConfig config, BundleContext context) {
        this.config = config;
        this.context = context;
        this.runner = new PluginCallRunner(config.workerThreads(), config.queueSize());
        this.cache = new ResultCache(config.cacheBytes());
        loadDisabled();
        LOG.info("Plugin host started: {} workers, {} ms per call, {} bytes allocation and {} output pixels per call",
                config.workerThreads(), config.callTimeoutMillis(), config.maxAllocationBytes(), config.maxOutputPixels());
    }

    @Deactivate
    void deactivate() {
        runner.close();
        LOG.info("Plugin host stopped");
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, unbind = "unbindFilter")
    void bindFilter(Filter filter, ServiceReference<Filter> reference) {
        Bundle bundle = reference.getBundle();
        if (bundle == null) {
            return;
        }
        PluginState state = state(bundle.getSymbolicName());
        CallOutcome<FilterEntry> metadata = runner.call("Metadata of a filter in " + bundle.getSymbolicName(),
                metadataLimits(), ignored -> readMetadata(filter, bundle));
        if (metadata instanceof CallOutcome.Failed<FilterEntry> failed) {
            state.brokenReason = failed.message();
            LOG.error("Ignoring a filter of plugin {} (bundle {}): {}", bundle.getSymbolicName(), bundle.getBundleId(), failed.message());
            return;
        }
        FilterEntry entry = ((CallOutcome.Success<FilterEntry>) metadata).value();
        FilterEntry existing = filters.putIfAbsent(entry.id(), entry);
        if (existing != null) {
            LOG.warn("Ignoring filter {} of plugin {}: plugin {} already registered that id",
                    entry.id(), entry.symbolicName(), existing.symbolicName());
            return;
        }
        filterIdsByReference.put(reference, entry.id());
        cache.evictFilter(entry.id());
        LOG.info("Filter {} {} available from plugin {}", entry.id(), entry.version(), entry.symbolicName());
    }

    void unbindFilter(Filter filter, ServiceReference<Filter> reference) {
        String id = filterIdsByReference.remove(reference);
        if (id != null) {
            filters.remove(id);
            cache.evictFilter(id);
            LOG.info("Filter {} removed", id);
        }
    }

    private static FilterEntry readMetadata(Filter filter, Bundle bundle) {
        String id = filter.id();
        if (id == null || !id.matches("[a-z0-9][a-z0-9.-]{0,99}")) {
            throw new IllegalArgumentException("Filter id '" + id + "' is invalid: use lower-case letters, digits, dots and hyphens");
        }
        Map<String, String> names = new LinkedHashMap<>();
        for (Locale locale : NAME_LOCALES) {
            String name = filter.name(locale);
            if (name != null && !name.isBlank()) {
                names.put(locale.getLanguage(), name.length() > 100 ? name.substring(0, 100) : name);
            }
        }
        names.putIfAbsent("en", id);
        ParameterSchema schema = filter.schema();
        if (schema == null) {
            schema = ParameterSchema.EMPTY;
        }
        return new FilterEntry(id, Map.copyOf(names), schema, filter, bundle.getBundleId(), bundle.getSymbolicName(),
                bundle.getVersion().toString(), PluginSandbox.isPlugin(bundle));
    }

    /** Returns the registered filters sorted by id. */
    public List<FilterEntry> filters() {
        List<FilterEntry> list = new ArrayList<>(filters.values());
        list.sort(Comparator.comparing(FilterEntry::id));
        return list;
    }

    public Optional<FilterEntry> filter(String id) {
        return Optional.ofNullable(filters.get(id));
    }

    /** Returns the tracked state of every plugin that registered a filter or failed, by symbolic name. */
    public Map<String, PluginState> states() {
        return Map.copyOf(states);
    }

    /** Returns the state of one plugin, creating an empty one. */
    public PluginState state(String symbolicName) {
        return states.computeIfAbsent(symbolicName, name -> new PluginState());
    }

    /** Marks a plugin enabled again and clears its failure count; the admin service starts the bundle. */
    public void clearDisabled(String symbolicName) {
        PluginState state = state(symbolicName);
        synchronized (state) {
            state.consecutiveBudgetFailures = 0;
            state.disabledReason = null;
            state.disabledAt = null;
        }
        saveDisabled();
    }

    /** Records that an administrator disabled a plugin. */
    public void markDisabled(String symbolicName, String reason) {
        PluginState state = state(symbolicName);
        state.disabledReason = reason;
        state.disabledAt = Instant.now();
        saveDisabled();
    }

    /**
     * Applies one filter within the call budget and records the outcome against its plugin.
     *
     * @throws IllegalArgumentException when the parameters do not fit the filter's schema
     */
    public CallOutcome<Raster> apply(FilterEntry entry, Raster input, Map<String, ?> rawParameters) {
        Parameters parameters = entry.schema().resolve(rawParameters);
        long start = System.nanoTime();
        CallOutcome<Raster> outcome = runner.applyFilter(entry.filter(), entry.id(), input, parameters, callLimits());
        recordOutcome(entry.symbolicName(), entry.version(), entry.bundleId(), PluginCallMeters.TYPE_FILTER, outcome,
                System.nanoTime() - start);
        return outcome;
    }

    @Override
    public Result render(String sourceHash, Raster source, List<FilterStep> steps) {
        List<ResultCache.StepKey> keySteps = new ArrayList<>();
        for (FilterStep step : steps) {
            FilterEntry entry = filters.get(step.filterId());
            String version = entry == null ? "missing" : disabled(entry) ? "disabled" : entry.version();
            keySteps.add(new ResultCache.StepKey(step.filterId(), version, step.parameters()));
        }
        ResultCache.Key key = new ResultCache.Key(sourceHash, keySteps);
        Result cached = cache.get(key);
        if (cached != null) {
            return new Result(cached.raster(), cached.skipped(), true);
        }

        Raster current = source;
        List<Skipped> skipped = new ArrayList<>();
        boolean cacheable = true;
        for (int index = 0; index < steps.size(); index++) {
            FilterStep step = steps.get(index);
            FilterEntry entry = filters.get(step.filterId());
            if (entry == null) {
                skipped.add(new Skipped(index, step.filterId(), "Filter " + step.filterId() + " is not installed"));
                continue;
            }
            if (disabled(entry)) {
                skipped.add(new Skipped(index, step.filterId(), "Filter " + step.filterId() + " is disabled: "
                        + state(entry.symbolicName()).disabledReason()));
                continue;
            }
            CallOutcome<Raster> outcome;
            try {
                outcome = apply(entry, current, step.parameters());
            } catch (IllegalArgumentException e) {
                skipped.add(new Skipped(index, step.filterId(), "Invalid parameters: " + e.getMessage()));
                continue;
            }
            if (outcome instanceof CallOutcome.Success<Raster> success) {
                current = success.value();
            } else {
                CallOutcome.Failed<Raster> failed = (CallOutcome.Failed<Raster>) outcome;
                skipped.add(new Skipped(index, step.filterId(), failed.message()));
                // A busy, cancelled or timed-out call may succeed next time, for example on a less
                // loaded machine, so its result is not kept. Running a timed-out filter again also
                // counts toward the budget failures that disable its plugin.
                cacheable &= failed.failure() != CallOutcome.Failure.BUSY && failed.failure() != CallOutcome.Failure.CANCELLED
                        && failed.failure() != CallOutcome.Failure.TIME_BUDGET;
            }
        }
        Result result = new Result(current, skipped, false);
        if (cacheable) {
            cache.put(key, result);
        }
        return result;
    }

    private boolean disabled(FilterEntry entry) {
        PluginState state = states.get(entry.symbolicName());
        return state != null && state.disabledReason() != null;
    }

    /**
     * Records a call's outcome against its plugin in the call meters and disables the plugin after
     * {@code maxBudgetFailures} budget failures in a row. Tool calls report here too.
     *
     * @param type         {@code filter} or {@code tool}, the {@code type} tag of the call meters
     * @param elapsedNanos time from submitting the call to its outcome
     */
    public void recordOutcome(String symbolicName, String version, long bundleId, String type, CallOutcome<?> outcome,
            long elapsedNanos) {
        MeterRegistry registry = meterRegistry;
        if (registry != null) {
            PluginCallMeters.record(registry, symbolicName, type, outcome, elapsedNanos);
        }
        PluginState state = state(symbolicName);
        boolean disable = false;
        String reason = null;
        synchronized (state) {
            if (outcome instanceof CallOutcome.Failed<?> failed && failed.failure().budgetExceeded()) {
                state.consecutiveBudgetFailures++;
                state.totalBudgetFailures++;
                if (state.consecutiveBudgetFailures >= config.maxBudgetFailures() && state.disabledReason == null) {
                    reason = state.consecutiveBudgetFailures + " calls in a row exceeded their budget; last: " + failed.message();
                    state.disabledReason = reason;
                    state.disabledAt = Instant.now();
                    disable = true;
                }
            } else if (outcome instanceof CallOutcome.Success<?>) {
                state.consecutiveBudgetFailures = 0;
            }
        }
        if (disable) {
            saveDisabled();
            disablePlugin(symbolicName, version, bundleId, reason);
        }
    }

    /** Stops the plugin bundle, persistently, so it stays stopped across restarts until enabled. */
    private void disablePlugin(String symbolicName, String version, long bundleId, String reason) {
        LOG.error("Disabled plugin {} {} (bundle {}): {}. An administrator can enable it again with pixelcraft:plugin-enable {}",
                symbolicName, version, bundleId, reason, symbolicName);
        Bundle bundle = context.getBundle(bundleId);
        if (bundle == null) {
            return;
        }
        try {
            bundle.stop();
        } catch (BundleException | IllegalStateException e) {
            LOG.error("Cannot stop disabled plugin {} (bundle {})", symbolicName, bundleId, e);
        }
    }

    /**
     * Writes the disabled plugins and their reasons to the bundle's data area, so that a restart
     * keeps showing why a stopped plugin is stopped. The bundle itself stays stopped because
     * {@code Bundle.stop()} is persistent.
     */
    private synchronized void saveDisabled() {
        File file = context.getDataFile(DISABLED_FILE);
        if (file == null) {
            return;
        }
        Properties disabled = new Properties();
        states.forEach((name, state) -> {
            if (state.disabledReason() != null) {
                disabled.setProperty(name, state.disabledReason());
            }
        });
        try (OutputStream out = Files.newOutputStream(file.toPath())) {
            disabled.store(out, "Plugins disabled by an administrator or by the budget rule");
        } catch (IOException e) {
            LOG.error("Cannot save the disabled plugins to {}; they show as enabled after a restart", file, e);
        }
    }

    private void loadDisabled() {
        File file = context.getDataFile(DISABLED_FILE);
        if (file == null || !file.isFile()) {
            return;
        }
        Properties disabled = new Properties();
        try (InputStream in = Files.newInputStream(file.toPath())) {
            disabled.load(in);
        } catch (IOException e) {
            LOG.error("Cannot read the disabled plugins from {}", file, e);
            return;
        }
        for (String name : disabled.stringPropertyNames()) {
            PluginState state = state(name);
            state.disabledReason = disabled.getProperty(name);
            state.disabledAt = Instant.ofEpochMilli(file.lastModified());
        }
        if (!disabled.isEmpty()) {
            LOG.info("{} plugins stay disabled from before the restart: {}", disabled.size(), disabled.stringPropertyNames());
        }
    }

    void setMeterRegistry(MeterRegistry registry) {
        this.meterRegistry = registry;
    }

    private PluginCallRunner.Limits callLimits() {
        return new PluginCallRunner.Limits(Duration.ofMillis(config.callTimeoutMillis()), config.maxAllocationBytes(),
                config.maxOutputPixels());
    }

    private PluginCallRunner.Limits metadataLimits() {
        return new PluginCallRunner.Limits(Duration.ofMillis(config.metadataTimeoutMillis()), 16L * 1024 * 1024, 0);
    }
}
