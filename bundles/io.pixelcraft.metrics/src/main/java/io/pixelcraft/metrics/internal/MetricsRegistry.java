package io.pixelcraft.metrics.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Dictionary;
import java.util.Hashtable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the platform's one Prometheus meter registry and publishes it as a {@link MeterRegistry}
 * service, so every bundle records into the registry that {@code /metrics} exposes.
 */
@Component(immediate = true, service = MetricsRegistry.class)
public class MetricsRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsRegistry.class);

    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gcMetrics;
    private final ServiceRegistration<?> registration;

    @Activate
    public MetricsRegistry(BundleContext context) {
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.registry.config().commonTags("application", "pixelcraft");
        this.gcMetrics = bindJvmMeters(registry);

        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("pixelcraft.registry", "prometheus");
        this.registration = context.registerService(MeterRegistry.class, registry, properties);
        LOG.info("Metrics registry started with JVM, GC, thread and process meters");
    }

    static JvmGcMetrics bindJvmMeters(MeterRegistry registry) {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        return gc;
    }

    /** Returns the Prometheus text exposition of every meter. */
    String scrape() {
        return registry.scrape();
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
        gcMetrics.close();
        registry.close();
        LOG.info("Metrics registry stopped");
    }
}
