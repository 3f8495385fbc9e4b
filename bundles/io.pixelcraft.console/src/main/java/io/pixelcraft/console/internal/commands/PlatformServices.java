package io.pixelcraft.console.internal.commands;

import io.micrometer.core.instrument.MeterRegistry;
import io.pixelcraft.api.account.AccountService;
import io.pixelcraft.api.collab.CollabStatus;
import io.pixelcraft.api.health.HealthCheck;
import io.pixelcraft.api.plugin.Plugins;
import io.pixelcraft.api.storage.StorageService;
import io.pixelcraft.console.internal.StatusReport;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * Looks up the optional platform services for one command run and releases them afterwards.
 * Commands look services up themselves, instead of through Karaf's {@code @Reference}, so that a
 * missing service makes its row "not available" rather than hiding the whole command.
 */
final class PlatformServices implements AutoCloseable {

    private final BundleContext context;
    private final List<ServiceReference<?>> obtained = new ArrayList<>();

    PlatformServices(BundleContext context) {
        this.context = context;
    }

    /** Collects the sources of a status or pool report. */
    StatusReport.Sources sources() {
        int pluginBundles = 0;
        int activePlugins = 0;
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getHeaders().get(Plugins.HEADER) != null) {
                pluginBundles++;
                if (bundle.getState() == Bundle.ACTIVE) {
                    activePlugins++;
                }
            }
        }
        return new StatusReport.Sources(context.getBundle().getVersion().toString(),
                Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime()),
                service(StorageService.class), storeHealthCheck(), service(MeterRegistry.class),
                service(CollabStatus.class), service(AccountService.class), pluginBundles, activePlugins);
    }

    private <T> T service(Class<T> type) {
        ServiceReference<T> reference = context.getServiceReference(type);
        return reference == null ? null : take(reference);
    }

    private HealthCheck storeHealthCheck() {
        try {
            for (ServiceReference<HealthCheck> reference : context.getServiceReferences(HealthCheck.class, null)) {
                HealthCheck check = take(reference);
                if (check != null && "store".equals(check.name())) {
                    return check;
                }
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("A null filter cannot be invalid", e);
        }
        return null;
    }

    private <T> T take(ServiceReference<T> reference) {
        T service = context.getService(reference);
        if (service != null) {
            obtained.add(reference);
        }
        return service;
    }

    @Override
    public void close() {
        for (ServiceReference<?> reference : obtained) {
            context.ungetService(reference);
        }
        obtained.clear();
    }
}
