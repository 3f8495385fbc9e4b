package io.pixelcraft.versions.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VersionSettingsTest {

    /** Returns a configuration with the given values and annotation defaults for the rest. */
    private static VersionsConfig config(Map<String, Object> values) {
        return (VersionsConfig) Proxy.newProxyInstance(VersionsConfig.class.getClassLoader(),
                new Class<?>[] {VersionsConfig.class}, (proxy, method, args) -> method.getName().equals("annotationType")
                        ? VersionsConfig.class
                        : values.getOrDefault(method.getName(), method.getDefaultValue()));
    }

    @Test
    void defaultsMatchDocumentation() {
        VersionSettings settings = VersionSettings.from(config(Map.of()));

        assertThat(settings.checkpointEveryOps()).isEqualTo(500);
        assertThat(settings.checkpointEvery()).isEqualTo(Duration.ofMinutes(10));
        assertThat(settings.retention().keepAll()).isEqualTo(Duration.ofHours(24));
        assertThat(settings.retention().hourlyUntil()).isEqualTo(Duration.ofDays(7));
        assertThat(settings.retentionInterval()).isEqualTo(Duration.ofMinutes(60));
        assertThat(settings.thumbnailSize()).isEqualTo(256);
        assertThat(settings.rebaseThreshold(5000)).isEqualTo(1000);
        assertThat(settings.rebaseThreshold(100)).isEqualTo(VersionSettings.MIN_REBASE_NODES);
    }

    @Test
    void clampsOutOfRangeValues() {
        VersionSettings settings = VersionSettings.from(config(Map.of("checkpointEveryOps", 0, "thumbnailSize", 5000,
                "rebasePercent", 0, "retentionKeepAllHours", 72, "retentionHourlyDays", 1)));

        assertThat(settings.checkpointEveryOps()).isEqualTo(1);
        assertThat(settings.thumbnailSize()).isEqualTo(2048);
        assertThat(settings.rebasePercent()).isEqualTo(1);
        assertThat(settings.retention().hourlyUntil()).isEqualTo(Duration.ofHours(72));
    }
}
