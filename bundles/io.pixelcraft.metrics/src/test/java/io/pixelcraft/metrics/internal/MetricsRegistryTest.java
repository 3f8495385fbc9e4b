package io.pixelcraft.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class MetricsRegistryTest {

    @Test
    void jvmMetersAppearInScrape() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MetricsRegistry.bindJvmMeters(registry).close();

        String scrape = registry.scrape();

        assertThat(scrape).contains("jvm_memory_used_bytes");
        assertThat(scrape).contains("jvm_threads_live_threads");
        assertThat(scrape).contains("process_uptime_seconds");
    }

    @Test
    void loopbackCheckAcceptsOnlyLoopback() {
        assertThat(MetricsServlet.isLoopback("127.0.0.1")).isTrue();
        assertThat(MetricsServlet.isLoopback("::1")).isTrue();
        assertThat(MetricsServlet.isLoopback("192.0.2.10")).isFalse();
        assertThat(MetricsServlet.isLoopback("not an address")).isFalse();
    }
}
