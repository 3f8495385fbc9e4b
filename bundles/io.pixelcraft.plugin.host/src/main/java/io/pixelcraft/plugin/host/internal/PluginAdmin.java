package io.pixelcraft.plugin.host.internal;

import io.pixelcraft.api.storage.StorageService;
import io.pixelcraft.plugin.host.internal.sandbox.PluginInspector;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs, upgrades, uninstalls, enables and disables plugins for administrators, and writes
 * each action to the audit log ({@link PluginAuditLog}). The REST routes and the Karaf commands both call this service.
 */
@Component(service = PluginAdmin.class)
public class PluginAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(PluginAdmin.class);

    /** Prefix of the bundle location of plugins installed through this service. */
    static final String LOCATION_PREFIX = "pixelcraft-plugin:";

    /** Largest plugin jar accepted, in bytes. */
    public static final int MAX_JAR_BYTES = 32 * 1024 * 1024;

    /** One audit entry, newest first in listings. */
    public record AuditEntry(Instant at, String actor, String action, String plugin, String version, String outcome, String detail) {
    }

    private final BundleContext context;
    private final PluginSandbox sandbox;
    private final PluginHost host;
    private final ToolHost tools;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile StorageService storage;

    @Activate
    public PluginAdmin(BundleContext context, @Reference PluginSandbox sandbox, @Reference PluginHost host,
            @Reference ToolHost tools) {
        this.context = context;
        this.sandbox = sandbox;
        this.host = host;
        this.tools = tools;
    }

    /** Lists every sandboxed plugin and every bundle that registered a filter, by symbolic name. */
    public List<PluginInfo> list() {
        List<PluginInfo> plugins = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            boolean sandboxed = PluginSandbox.isPlugin(bundle);
            List<String> filterIds = host.filters().stream()
                    .filter(entry -> entry.bundleId() == bundle.getBundleId())
                    .map(FilterEntry::id)
                    .toList();
            List<String> toolIds = tools.tools().stream()
                    .filter(entry -> entry.bundleId() == bundle.getBundleId())
                    .map(ToolHost.ToolEntry::id)
                    .toList();
            if (!sandboxed && filterIds.isEmpty() && toolIds.isEmpty() && !host.states().containsKey(bundle.getSymbolicName())) {
                continue;
            }
            PluginHost.PluginState state = host.state(bundle.getSymbolicName());
            PluginInspector.Report report = sandbox.verdict(bundle).report();
            plugins.add(new PluginInfo(bundle.getSymbolicName(), bundle.getVersion().toString(), bundle.getBundleId(),
                    stateName(bundle.getState()), sandboxed, state.disabledReason() == null, state.disabledReason(),
                    state.failuresSinceEnable(), filterIds, toolIds, report.violations(), sandbox.wiringRejections(bundle.getBundleId())));
        }
        plugins.sort(Comparator.comparing(PluginInfo::symbolicName));
        return plugins;
    }

    /**
     * Installs a plugin jar, or upgrades the installed plugin with the same symbolic name, and
     * starts it. The jar is inspected first, so a rejected plugin never enters the framework.
     *
     * @throws PluginAdminException INVALID for an unreadable jar, REJECTED when it is no plugin,
     *         fails the inspection or does not resolve, FAILED when the framework refuses it
     */
    public PluginInfo install(byte[] jar, String actor) throws PluginAdminException {
        PluginInspector.Report report;
        try {
            report = sandbox.inspectJar(jar);
        } catch (IOException e) {
            audit(actor, "install", "(unknown)", null, "invalid", e.getMessage());
            throw new PluginAdminException(PluginAdminException.Kind.INVALID, "Upload is not a readable bundle jar: " + e.getMessage(), e);
        }
        String name = report.symbolicName();
        if (!report.plugin()) {
            audit(actor, "install", name, report.version(), "rejected", "missing plugin header");
            throw new PluginAdminException(PluginAdminException.Kind.REJECTED, "Bundle " + name
                    + " has no PixelCraft-Plugin manifest header; only sandboxed plugins can be installed here", List.of());
        }
        if (!report.accepted()) {
            audit(actor, "install", name, report.version(), "rejected", report.violations().size() + " forbidden references");
            throw new PluginAdminException(PluginAdminException.Kind.REJECTED, "Plugin " + name + " uses "
                    + report.violations().size() + " forbidden APIs", report.violations());
        }

        Optional<Bundle> existing = findPlugin(name);
        Bundle bundle;
        String action = existing.isPresent() ? "upgrade" : "install";
        try {
            if (existing.isPresent()) {
                bundle = existing.get();
                bundle.update(new ByteArrayInputStream(jar));
                refresh(bundle);
            } else {
                bundle = context.installBundle(LOCATION_PREFIX + name, new ByteArrayInputStream(jar));
            }
        } catch (BundleException | IllegalStateException e) {
            audit(actor, action, name, report.version(), "failed", e.getMessage());
            throw new PluginAdminException(PluginAdminException.Kind.FAILED, "Cannot " + action + " plugin " + name + ": " + e.getMessage(), e);
        }
        try {
            host.clearDisabled(name);
            bundle.start();
        } catch (BundleException e) {
            List<String> wiring = sandbox.wiringRejections(bundle.getBundleId());
            String detail = wiring.isEmpty() ? e.getMessage() : String.join("; ", wiring);
            if (existing.isEmpty()) {
                uninstallQuietly(bundle);
            }
            audit(actor, action, name, report.version(), "rejected", detail);
            throw new PluginAdminException(PluginAdminException.Kind.REJECTED, "Plugin " + name + " does not resolve: " + detail, e);
        }
        audit(actor, action, name, report.version(), "ok", null);
        LOG.info("{} {} plugin {} {} (bundle {})", actor, existing.isPresent() ? "upgraded" : "installed",
                name, report.version(), bundle.getBundleId());
        return info(name);
    }

    /**
     * Uninstalls a sandboxed plugin.
     *
     * @throws PluginAdminException NOT_FOUND when no sandboxed plugin has the name, FAILED when the framework refuses
     */
    public void uninstall(String symbolicName, String actor) throws PluginAdminException {
        Bundle bundle = findPlugin(symbolicName).orElseThrow(() -> notFound(symbolicName));
        String version = bundle.getVersion().toString();
        try {
            bundle.uninstall();
            refresh(bundle);
        } catch (BundleException | IllegalStateException e) {
            audit(actor, "uninstall", symbolicName, version, "failed", e.getMessage());
            throw new PluginAdminException(PluginAdminException.Kind.FAILED, "Cannot uninstall plugin " + symbolicName + ": " + e.getMessage(), e);
        }
        host.clearDisabled(symbolicName);
        audit(actor, "uninstall", symbolicName, version, "ok", null);
        LOG.info("{} uninstalled plugin {} {}", actor, symbolicName, version);
    }

    /**
     * Enables a plugin: clears its disabled state and failure count and starts its bundle.
     *
     * @throws PluginAdminException NOT_FOUND or FAILED
     */
    public PluginInfo enable(String symbolicName, String actor) throws PluginAdminException {
        Bundle bundle = findManaged(symbolicName).orElseThrow(() -> notFound(symbolicName));
        host.clearDisabled(symbolicName);
        try {
            bundle.start();
        } catch (BundleException | IllegalStateException e) {
            audit(actor, "enable", symbolicName, bundle.getVersion().toString(), "failed", e.getMessage());
            throw new PluginAdminException(PluginAdminException.Kind.FAILED, "Cannot start plugin " + symbolicName + ": " + e.getMessage(), e);
        }
        audit(actor, "enable", symbolicName, bundle.getVersion().toString(), "ok", null);
        LOG.info("{} enabled plugin {}", actor, symbolicName);
        return info(symbolicName);
    }

    /**
     * Disables a plugin: stops its bundle persistently and marks it disabled.
     *
     * @throws PluginAdminException NOT_FOUND or FAILED
     */
    public PluginInfo disable(String symbolicName, String actor) throws PluginAdminException {
        Bundle bundle = findManaged(symbolicName).orElseThrow(() -> notFound(symbolicName));
        try {
            bundle.stop();
        } catch (BundleException | IllegalStateException e) {
            audit(actor, "disable", symbolicName, bundle.getVersion().toString(), "failed", e.getMessage());
            throw new PluginAdminException(PluginAdminException.Kind.FAILED, "Cannot stop plugin " + symbolicName + ": " + e.getMessage(), e);
        }
        host.markDisabled(symbolicName, "disabled by " + actor);
        audit(actor, "disable", symbolicName, bundle.getVersion().toString(), "ok", null);
        LOG.info("{} disabled plugin {}", actor, symbolicName);
        return info(symbolicName);
    }

    /** Returns the newest audit entries, at most {@code limit}, or empty when the store is down. */
    public List<AuditEntry> audit(int limit) {
        return PluginAuditLog.read(storage, limit);
    }

    private PluginInfo info(String symbolicName) {
        return list().stream().filter(info -> info.symbolicName().equals(symbolicName)).findFirst()
                .orElseThrow(() -> new IllegalStateException("Plugin " + symbolicName + " vanished during the operation"));
    }

    private Optional<Bundle> findPlugin(String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName()) && PluginSandbox.isPlugin(bundle)) {
                return Optional.of(bundle);
            }
        }
        return Optional.empty();
    }

    /** Finds a sandboxed plugin, or a trusted bundle that registered filters, such as the built-in filters. */
    private Optional<Bundle> findManaged(String symbolicName) {
        Optional<Bundle> plugin = findPlugin(symbolicName);
        if (plugin.isPresent()) {
            return plugin;
        }
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName()) && host.states().containsKey(symbolicName)) {
                return Optional.of(bundle);
            }
        }
        return Optional.empty();
    }

    private static PluginAdminException notFound(String symbolicName) {
        return new PluginAdminException(PluginAdminException.Kind.NOT_FOUND, "No plugin named " + symbolicName
                + " is installed; list plugins with pixelcraft:plugin-list or GET /api/plugins", List.of());
    }

    /** Refreshes the bundle so an upgrade or uninstall takes effect without a restart, and waits for it. */
    private void refresh(Bundle bundle) {
        FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
        CountDownLatch done = new CountDownLatch(1);
        wiring.refreshBundles(List.of(bundle), event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED || event.getType() == FrameworkEvent.ERROR) {
                done.countDown();
            }
        });
        try {
            if (!done.await(30, TimeUnit.SECONDS)) {
                LOG.warn("Refresh of bundle {} did not finish within 30 s", bundle.getBundleId());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void uninstallQuietly(Bundle bundle) {
        try {
            bundle.uninstall();
        } catch (BundleException | IllegalStateException e) {
            LOG.error("Cannot uninstall rejected plugin bundle {}", bundle.getBundleId(), e);
        }
    }

    private void audit(String actor, String action, String plugin, String version, String outcome, String detail) {
        PluginAuditLog.write(storage, actor, action, plugin, version, outcome, detail);
    }

    private static String stateName(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            default -> "UNKNOWN";
        };
    }
}
