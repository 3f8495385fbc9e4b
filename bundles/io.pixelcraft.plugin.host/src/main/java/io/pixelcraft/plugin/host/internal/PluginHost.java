package io.pixelcraft.plugin.host.internal;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pixelcraft.api.plugin.CostedFilter;
import io.pixelcraft.api.plugin.Filter;
import io.pixelcraft.api.plugin.FilterCost;
import io.pixelcraft.api.plugin.FilterPipeline;
import io.pixelcraft.api.plugin.FilterStep;
import io.pixelcraft.api.plugin.ParameterSchema;
import io.pixelcraft.api.plugin.Parameters;
import io.pixelcraft.api.plugin.Parameter;
import io.pixelcraft.api.plugin.Raster;
import io.pixelcraft.api.storage.StorageService;
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
import java.util.function.Supplier;
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
 * their budgets, disables plugins whose calls fail for several callers (see
 * {@link #recordOutcome}), and renders filter lists for the engine with a result cache. Calls
 * whose estimated cost is above a limit are rejected before they run ({@link CostLimits}).
 */
@Component(service = {FilterPipeline.class, PluginHost.class}, configurationPid = "io.pixelcraft.plugin.host")
@Designate(ocd = PluginHostConfig.class)
public class PluginHost implements FilterPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);

    /** Languages whose filter names are read when a filter arrives. */
    static final List<Locale> NAME_LOCALES = List.of(Locale.ENGLISH, Locale.GERMAN, Locale.FRENCH);

    /** Name of the gauge that is 1 for each disabled plugin and 0 otherwise, tagged {@code plugin}. */
    static final String DISABLED_GAUGE = "pixelcraft.plugin.disabled";

    /** The state of one plugin bundle as the host tracks it. */
    public static final class PluginState {
        private final FailureWindow failures = new FailureWindow();
        private int failuresSinceEnable;
        private volatile String disabledReason;
        private volatile Instant disabledAt;
        private volatile String brokenReason;

        /** Returns the failures that counted toward disabling the plugin since it was last enabled or the host started. */
        public synchronized int failuresSinceEnable() {
            return failuresSinceEnable;
        }

        /** Returns the counted failures within the failure window. */
        public int failuresInWindow() {
            return failures.size();
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
    private final CostLimits costs;
    private final Map<String, FilterEntry> filters = new ConcurrentHashMap<>();
    private final Map<ServiceReference<Filter>, String> filterIdsByReference = new ConcurrentHashMap<>();
    private final Map<String, PluginState> states = new ConcurrentHashMap<>();
    private final Map<String, Gauge> disabledGauges = new ConcurrentHashMap<>();

    /** Null until the metrics bundle registers one, and plugin calls are not measured until then. */
    private volatile MeterRegistry meterRegistry;

    /** Reads the caller of the current thread; tests replace it because slf4j-simple 1.x keeps no MDC. */
    private volatile Supplier<Caller> callerLookup = Caller::current;

    /** Null while the store is down, so automatic disables are audited in the log only. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile StorageService storage;

    @Activate
    public PluginHost(PluginHostConfig config, BundleContext context) {
        this.config = config;
        this.context = context;
        this.runner = new PluginCallRunner(config.workerThreads(), config.queueSize());
        this.cache = new ResultCache(config.cacheBytes());
        this.costs = new CostLimits(config.maxCostPerCall(), config.maxCostPerRender());
        loadDisabled();
        LOG.info("Plugin host started: {} workers, {} ms per call, {} bytes allocation and {} output pixels per call, "
                + "cost limits {} per call and {} per render; a plugin is disabled after {} failures from {} distinct "
                + "callers within {} min",
                config.workerThreads(), config.callTimeoutMillis(), config.maxAllocationBytes(), config.maxOutputPixels(),
                config.maxCostPerCall(), config.maxCostPerRender(), config.maxBudgetFailures(),
                config.distinctCallersBeforeDisable(), config.failureWindowMinutes());
    }

    /** Binds the optional metrics registry, or unbinds it when {@code registry} is null. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetMeterRegistry")
    void setMeterRegistry(MeterRegistry registry) {
        this.meterRegistry = registry;
        if (registry != null) {
            states.forEach((name, state) -> registerDisabledGauge(registry, name, state));
        }
    }

    void unsetMeterRegistry(MeterRegistry registry) {
        if (meterRegistry == registry) {
            meterRegistry = null;
        }
        removeDisabledGauges(registry);
    }

    void setCallerLookup(Supplier<Caller> lookup) {
        this.callerLookup = lookup;
    }

    void setStorage(StorageService storage) {
        this.storage = storage;
    }

    @Deactivate
    void deactivate() {
        MeterRegistry registry = meterRegistry;
        if (registry != null) {
            removeDisabledGauges(registry);
        }
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
        FilterCost cost = filter instanceof CostedFilter costed ? costed.cost() : null;
        if (cost == null) {
            cost = FilterCost.PER_PIXEL;
        }
        checkCostParameter(id, cost, schema);
        return new FilterEntry(id, Map.copyOf(names), schema, filter, bundle.getBundleId(), bundle.getSymbolicName(),
                bundle.getVersion().toString(), PluginSandbox.isPlugin(bundle), cost);
    }

    private static void checkCostParameter(String filterId, FilterCost cost, ParameterSchema schema) {
        if (cost.parameter() == null) {
            return;
        }
        boolean found = schema.parameters().stream()
                .anyMatch(parameter -> parameter instanceof Parameter.Number && parameter.id().equals(cost.parameter()));
        if (!found) {
            throw new IllegalArgumentException("Filter " + filterId + " scales its cost by '" + cost.parameter()
                    + "', which is not a number parameter of its schema");
        }
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
        PluginState existing = states.get(symbolicName);
        if (existing != null) {
            return existing;
        }
        PluginState created = new PluginState();
        existing = states.putIfAbsent(symbolicName, created);
        if (existing != null) {
            return existing;
        }
        MeterRegistry registry = meterRegistry;
        if (registry != null) {
            registerDisabledGauge(registry, symbolicName, created);
        }
        return created;
    }

    private void registerDisabledGauge(MeterRegistry registry, String symbolicName, PluginState state) {
        Gauge gauge = Gauge.builder(DISABLED_GAUGE, state, tracked -> tracked.disabledReason() == null ? 0 : 1)
                .description("1 while the plugin is disabled by an administrator or by the failure rule")
                .tag("plugin", symbolicName)
                .strongReference(true)
                .register(registry);
        disabledGauges.put(symbolicName, gauge);
    }

    /**
     * Removes this host's gauges, so that a host activated after a configuration change can
     * register its own. Micrometer keeps the first gauge registered under a name and tags.
     */
    private void removeDisabledGauges(MeterRegistry registry) {
        disabledGauges.values().forEach(registry::remove);
        disabledGauges.clear();
    }

    /**
     * Marks a plugin enabled again and clears its failure counts, so earlier failures no longer
     * count toward disabling it. The admin service starts the bundle.
     */
    public void clearDisabled(String symbolicName) {
        PluginState state = state(symbolicName);
        synchronized (state) {
            state.failures.clear();
            state.failuresSinceEnable = 0;
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
     * @throws CostLimits.CostLimitException when the estimated cost is above the per-call limit.
     *         The filter does not run and its plugin is not charged.
     */
    public CallOutcome<Raster> apply(FilterEntry entry, Raster input, Map<String, ?> rawParameters) {
        Parameters parameters = entry.schema().resolve(rawParameters);
        costs.checkCall(entry, input, parameters);
        return run(entry, input, parameters);
    }

    /**
     * Rejects a call whose estimated cost is above the per-call limit, before the caller converts
     * and hashes its input. Parameters that do not fit the schema pass here, and
     * {@link #render} reports them.
     *
     * @throws CostLimits.CostLimitException when the estimate is above the per-call limit
     */
    void checkCallCost(FilterEntry entry, int width, int height, Map<String, ?> rawParameters) {
        Parameters parameters;
        try {
            parameters = entry.schema().resolve(rawParameters);
        } catch (IllegalArgumentException e) {
            return;
        }
        try {
            costs.checkCall(entry, width, height, parameters);
        } catch (CostLimits.CostLimitException e) {
            LOG.info("{} ({})", e.getMessage(), callerLookup.get().describe());
            throw e;
        }
    }

    private CallOutcome<Raster> run(FilterEntry entry, Raster input, Parameters parameters) {
        long start = System.nanoTime();
        CallOutcome<Raster> outcome = runner.applyFilter(entry.filter(), entry.id(), input, parameters, callLimits());
        recordOutcome(entry.symbolicName(), entry.version(), entry.bundleId(), PluginCallMeters.TYPE_FILTER, outcome,
                System.nanoTime() - start);
        return outcome;
    }

    /**
     * {@inheritDoc}
     *
     * @throws OutOfMemoryError when the JVM ran out of heap during a filter call; the failure is
     *         not counted against the plugin
     */
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
        String requestId = callerLookup.get().requestId();
        double spentBefore = costs.spentBy(requestId);
        double spentHere = 0;
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
            Parameters parameters;
            double estimate;
            try {
                parameters = entry.schema().resolve(step.parameters());
            } catch (IllegalArgumentException e) {
                skipped.add(new Skipped(index, step.filterId(), "Invalid parameters: " + e.getMessage()));
                continue;
            }
            try {
                estimate = costs.checkCall(entry, current, parameters);
                costs.checkRender(entry, spentBefore + spentHere, estimate);
            } catch (CostLimits.CostLimitException e) {
                // Rejected before the call, so the plugin is not charged. The result depends on
                // the request's earlier calls, so it is not cached either.
                LOG.info("{} ({})", e.getMessage(), callerLookup.get().describe());
                skipped.add(new Skipped(index, step.filterId(), e.getMessage()));
                cacheable = false;
                continue;
            }
            spentHere += estimate;
            costs.charge(requestId, estimate);
            CallOutcome<Raster> outcome = run(entry, current, parameters);
            if (outcome instanceof CallOutcome.Success<Raster> success) {
                current = success.value();
            } else {
                CallOutcome.Failed<Raster> failed = (CallOutcome.Failed<Raster>) outcome;
                if (failed.failure() == CallOutcome.Failure.OUT_OF_MEMORY) {
                    // Skipping the step would return an image without this filter as if it were
                    // complete, so the caller's render is stopped instead.
                    throw new OutOfMemoryError(failed.message());
                }
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
     * Records a call's outcome in the call meters and, for a failure that counts against the
     * plugin ({@link CallOutcome.Failure#countsAgainstPlugin()}), in its failure window. Tool calls
     * report here too. The caller is read from the current thread ({@link Caller#current()}).
     *
     * <p>The plugin is disabled when its window ({@code failureWindowMinutes}) contains at least
     * {@code maxBudgetFailures} counted failures from at least {@code distinctCallersBeforeDisable}
     * distinct callers. Successes do not clear the window, so a plugin that fails for several users
     * is disabled even while it works for others.
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
        if (!(outcome instanceof CallOutcome.Failed<?> failed) || !failed.failure().countsAgainstPlugin()) {
            return;
        }
        Caller caller = callerLookup.get();
        PluginState state = state(symbolicName);
        String reason = null;
        synchronized (state) {
            state.failuresSinceEnable++;
            boolean trip = state.failures.add(new FailureWindow.Failure(Instant.now(), caller, failed.message()),
                    Duration.ofMinutes(config.failureWindowMinutes()), config.maxBudgetFailures(),
                    config.distinctCallersBeforeDisable());
            if (trip && state.disabledReason == null) {
                reason = state.failures.size() + " calls from " + state.failures.callerKeys().size()
                        + " distinct callers failed within " + config.failureWindowMinutes() + " min; last: " + failed.message();
                state.disabledReason = reason;
                state.disabledAt = Instant.now();
            }
        }
        if (reason != null) {
            saveDisabled();
            disablePlugin(symbolicName, version, bundleId, reason, caller);
        }
    }

    /**
     * Stops the plugin bundle, persistently, so it stays stopped across restarts until enabled,
     * and writes an audit entry with the actor {@value PluginAuditLog#SYSTEM_ACTOR}.
     */
    private void disablePlugin(String symbolicName, String version, long bundleId, String reason, Caller lastCaller) {
        LOG.warn("Disabled plugin {} {} (bundle {}): {}. Last failing call: {}. An administrator can enable it again "
                + "with pixelcraft:plugin-enable {}", symbolicName, version, bundleId, reason, lastCaller.describe(), symbolicName);
        PluginAuditLog.write(storage, PluginAuditLog.SYSTEM_ACTOR, "disable", symbolicName, version, "ok",
                reason + " (last failing call: " + lastCaller.describe() + ")");
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

    private PluginCallRunner.Limits callLimits() {
        return new PluginCallRunner.Limits(Duration.ofMillis(config.callTimeoutMillis()), config.maxAllocationBytes(),
                config.maxOutputPixels());
    }

    private PluginCallRunner.Limits metadataLimits() {
        return new PluginCallRunner.Limits(Duration.ofMillis(config.metadataTimeoutMillis()), 16L * 1024 * 1024, 0);
    }
}
