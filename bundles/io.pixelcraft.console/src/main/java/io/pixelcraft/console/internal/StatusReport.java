package io.pixelcraft.console.internal;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pixelcraft.api.account.AccountService;
import io.pixelcraft.api.collab.CollabStatus;
import io.pixelcraft.api.health.HealthCheck;
import io.pixelcraft.api.health.HealthResult;
import io.pixelcraft.api.storage.StorageInfo;
import io.pixelcraft.api.storage.StorageService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The rows of {@code pixelcraft:status} and {@code pixelcraft:pool}, built from whichever platform
 * services are registered. A missing service shows as "not available" and a failing one as
 * "failed" with its message, so one broken part never hides the others.
 *
 * <p>Pool figures come from the storage bundle's meters ({@code pixelcraft.store.pool.*}) in the
 * shared {@link MeterRegistry}, which keeps this bundle independent of the storage internals.
 */
public final class StatusReport {

    /** One labelled value. */
    public record Row(String label, String value) {
    }

    /**
     * The services a report reads; any of them may be null when its bundle is not active.
     *
     * @param version       the platform version
     * @param uptime        time since the JVM started
     * @param storeCheck    the health check named {@code store}
     * @param pluginBundles installed plugin bundles, or -1 when unknown
     * @param activePlugins active plugin bundles
     */
    public record Sources(String version, Duration uptime, StorageService storage, HealthCheck storeCheck,
            MeterRegistry meters, CollabStatus collab, AccountService accounts, int pluginBundles, int activePlugins) {
    }

    static final String NOT_AVAILABLE = "not available";

    static final String POOL_METERS = "pixelcraft.store.pool";
    static final String THUMBNAIL_QUEUE_METER = "pixelcraft.imaging.thumbnail.queue";

    /** The plugin host's timer of filter and tool calls, tagged with {@code outcome}. */
    static final String PLUGIN_CALLS_METER = "pixelcraft.plugin.calls";

    /** The plugin host's gauge, 1 for each disabled plugin, tagged with {@code plugin}. */
    static final String PLUGIN_DISABLED_METER = "pixelcraft.plugin.disabled";

    private final Sources sources;

    public StatusReport(Sources sources) {
        this.sources = sources;
    }

    /** Builds the one-screen overview of {@code pixelcraft:status}. */
    public List<Row> status() {
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("Version", sources.version()));
        rows.add(new Row("Uptime", formatDuration(sources.uptime())));
        rows.add(new Row("Store", safely(this::store)));
        rows.add(new Row("Pool", safely(this::poolSummary)));
        rows.add(new Row("Rooms", safely(this::rooms)));
        rows.add(new Row("Sessions", safely(this::sessions)));
        rows.add(new Row("Queues", safely(this::queues)));
        rows.add(new Row("Plugins", plugins()));
        return rows;
    }

    /** Builds the detailed pool figures of {@code pixelcraft:pool}. */
    public List<Row> pool() {
        MeterRegistry meters = sources.meters();
        if (meters == null || gauge("max").isEmpty()) {
            return List.of(new Row("Pool", poolUnavailable()));
        }
        List<Row> rows = new ArrayList<>();
        StorageService storage = sources.storage();
        if (storage != null) {
            StorageInfo info = storage.info();
            rows.add(new Row("Store", info.mode() + " store at " + info.address()));
        }
        rows.add(new Row("Maximum pool size", gaugeText("max")));
        rows.add(new Row("Required minimum", gaugeText("required")));
        rows.add(new Row("Open connections", gaugeText("size")));
        rows.add(new Row("In use", gaugeText("checked.out")));
        rows.add(new Row("Waiting", gaugeText("waiting")));
        rows.add(new Row("Waiting without a break", gaugeText("waiting.duration.seconds") + " s"));
        rows.add(new Row("Checkout timeouts", gaugeText("checkout.timeouts")));
        rows.add(new Row("Checkout time", checkoutTime(meters)));
        rows.add(new Row("Replaced clients draining", gaugeText("draining.clients") + " with "
                + gaugeText("draining.calls") + " calls running"));
        return rows;
    }

    private String store() {
        StorageService storage = sources.storage();
        if (storage == null) {
            return NOT_AVAILABLE + " (bundle io.pixelcraft.storage is not active)";
        }
        StorageInfo info = storage.info();
        String where = info.mode() + " store at " + info.address() + ", database " + info.databaseName();
        HealthCheck check = sources.storeCheck();
        if (check == null) {
            return where;
        }
        HealthResult result = check.check();
        return (result.up() ? "UP: " : "DOWN: ") + result.detail();
    }

    private String poolSummary() {
        if (sources.meters() == null || gauge("max").isEmpty()) {
            return poolUnavailable();
        }
        return gaugeText("checked.out") + " of " + gaugeText("max") + " connections in use (minimum accepted "
                + gaugeText("required") + "), " + gaugeText("size") + " open, " + gaugeText("waiting") + " waiting, "
                + gaugeText("checkout.timeouts") + " checkout timeouts, " + gaugeText("draining.clients")
                + " replaced clients draining";
    }

    private String poolUnavailable() {
        if (sources.meters() == null) {
            return NOT_AVAILABLE + " (no metrics registry: bundle io.pixelcraft.metrics is not active)";
        }
        return NOT_AVAILABLE + " (the storage service registered no pool meters)";
    }

    private String rooms() {
        CollabStatus collab = sources.collab();
        if (collab == null) {
            return NOT_AVAILABLE + " (bundle io.pixelcraft.collab is not active)";
        }
        return collab.roomCount() + " rooms, " + collab.connectionCount() + " WebSocket connections";
    }

    private String sessions() {
        AccountService accounts = sources.accounts();
        if (accounts == null) {
            return NOT_AVAILABLE + " (bundle io.pixelcraft.accounts is not active)";
        }
        return accounts.listSessions(Optional.empty()).size() + " active browser sessions";
    }

    private String queues() {
        MeterRegistry meters = sources.meters();
        Gauge thumbnails = meters == null ? null : meters.find(THUMBNAIL_QUEUE_METER).gauge();
        if (thumbnails == null) {
            return "thumbnails " + NOT_AVAILABLE;
        }
        return "thumbnails " + Math.round(thumbnails.value()) + " queued";
    }

    private String plugins() {
        if (sources.pluginBundles() < 0) {
            return NOT_AVAILABLE;
        }
        return sources.pluginBundles() + " plugin bundles, " + sources.activePlugins() + " active" + disabledPlugins()
                + pluginCalls();
    }

    /**
     * Returns the plugins that an administrator or the failure rule disabled, from the plugin
     * host's gauge, or an empty string when there are none or no metrics registry.
     */
    private String disabledPlugins() {
        MeterRegistry meters = sources.meters();
        if (meters == null) {
            return "";
        }
        List<String> disabled = new ArrayList<>();
        for (Gauge gauge : meters.find(PLUGIN_DISABLED_METER).gauges()) {
            if (gauge.value() >= 1) {
                disabled.add(gauge.getId().getTag("plugin"));
            }
        }
        if (disabled.isEmpty()) {
            return "";
        }
        disabled.sort(null);
        return "; disabled: " + String.join(", ", disabled) + " (see pixelcraft:plugin-list)";
    }

    /** Returns the count of plugin calls, failures and budget stops since the start, or "" before the first call. */
    private String pluginCalls() {
        MeterRegistry meters = sources.meters();
        if (meters == null) {
            return "";
        }
        long calls = 0;
        long failed = 0;
        long budgetStops = 0;
        for (Timer timer : meters.find(PLUGIN_CALLS_METER).timers()) {
            String outcome = timer.getId().getTag("outcome");
            calls += timer.count();
            if ("failed".equals(outcome)) {
                failed += timer.count();
            } else if (outcome != null && outcome.startsWith("budget_")) {
                budgetStops += timer.count();
            }
        }
        if (calls == 0) {
            return "";
        }
        return "; " + calls + " calls since start, " + failed + " failed, " + budgetStops + " stopped by a budget";
    }

    private Optional<Gauge> gauge(String name) {
        return Optional.ofNullable(sources.meters().find(POOL_METERS + "." + name).gauge());
    }

    private String gaugeText(String name) {
        return gauge(name).map(g -> formatNumber(g.value())).orElse("?");
    }

    private static String checkoutTime(MeterRegistry meters) {
        Collection<Timer> timers = meters.find(POOL_METERS + ".checkout").timers();
        long count = 0;
        double totalMillis = 0;
        double maxMillis = 0;
        for (Timer timer : timers) {
            count += timer.count();
            totalMillis += timer.totalTime(TimeUnit.MILLISECONDS);
            maxMillis = Math.max(maxMillis, timer.max(TimeUnit.MILLISECONDS));
        }
        if (count == 0) {
            return "no checkouts yet";
        }
        return String.format("mean %.2f ms over %d checkouts, recent max %.2f ms", totalMillis / count, count, maxMillis);
    }

    private static String safely(Supplier<String> value) {
        try {
            return value.get();
        } catch (RuntimeException e) {
            return "failed: " + e.getMessage();
        }
    }

    static String formatNumber(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format("%.1f", value);
    }

    static String formatDuration(Duration uptime) {
        long days = uptime.toDays();
        long hours = uptime.toHoursPart();
        long minutes = uptime.toMinutesPart();
        if (days > 0) {
            return days + " d " + hours + " h " + minutes + " min";
        }
        if (hours > 0) {
            return hours + " h " + minutes + " min";
        }
        return minutes + " min " + uptime.toSecondsPart() + " s";
    }
}
