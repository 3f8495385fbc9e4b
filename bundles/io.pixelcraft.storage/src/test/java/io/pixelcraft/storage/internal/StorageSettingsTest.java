package io.pixelcraft.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoClientSettings;
import com.mongodb.event.ClusterListener;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StorageSettingsTest {

    private static final ClusterListener NO_LISTENER = new ClusterListener() {
    };

    @Test
    void defaultsSelectEmbeddedStore() {
        StorageSettings settings = StorageSettings.from(StorageConfigs.defaults());

        assertThat(settings.embedded()).isTrue();
        assertThat(settings.databaseName()).isEqualTo("pixelcraft");
        assertThat(settings.maxPoolSize()).isEqualTo(50);
        assertThat(settings.minPoolSize()).isZero();
        assertThat(settings.maxWaitTimeMs()).isEqualTo(300);
        assertThat(settings.describeHosts()).isEmpty();
    }

    @Test
    void blankUriSelectsEmbeddedStore() {
        StorageSettings settings = StorageSettings.from(StorageConfigs.with(Map.of("uri", "  ")));

        assertThat(settings.embedded()).isTrue();
    }

    @Test
    void uriSelectsExternalStore() {
        StorageSettings settings = StorageSettings.from(StorageConfigs.with(
                Map.of("uri", "mongodb://app:s3cret@db1.example.org:27017,db2.example.org:27018/?replicaSet=rs0")));

        assertThat(settings.embedded()).isFalse();
        assertThat(settings.describeHosts()).isEqualTo("db1.example.org:27017,db2.example.org:27018");
    }

    @Test
    void hostsDescriptionHidesCredentials() {
        StorageSettings settings = StorageSettings.from(StorageConfigs.with(
                Map.of("uri", "mongodb://app:s3cret@db1.example.org/?authSource=admin")));

        assertThat(settings.describeHosts()).doesNotContain("s3cret").doesNotContain("app");
    }

    @Test
    void invalidUriMessageHidesPassword() {
        StorageConfig config = StorageConfigs.with(Map.of("uri", "http://app:s3cret@db1.example.org"));

        assertThatThrownBy(() -> StorageSettings.from(config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid uri")
                .hasMessageContaining(StorageSettings.PID)
                .hasNoCause()
                .message().doesNotContain("s3cret");
    }

    @Test
    void unencodedPasswordRejected() {
        StorageConfig config = StorageConfigs.with(Map.of("uri", "mongodb://app:p@ss:word@db1.example.org"));

        assertThatThrownBy(() -> StorageSettings.from(config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("percent-encoded")
                .message().doesNotContain("p@ss");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "pixel.craft", "pixel/craft", "pixel craft", "pixel$craft", "pixel\"craft"})
    void invalidDatabaseNameRejected(String name) {
        StorageConfig config = StorageConfigs.with(Map.of("databaseName", name));

        assertThatThrownBy(() -> StorageSettings.from(config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid databaseName");
    }

    @Test
    void overlongDatabaseNameRejected() {
        StorageConfig config = StorageConfigs.with(Map.of("databaseName", "p".repeat(64)));

        assertThatThrownBy(() -> StorageSettings.from(config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("longer than 63 bytes");
    }

    @Test
    void zeroMaxPoolSizeRejected() {
        StorageConfig config = StorageConfigs.with(Map.of("maxPoolSize", 0));

        assertThatThrownBy(() -> StorageSettings.from(config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid maxPoolSize")
                .hasMessageContaining("0 is less than 1");
    }

    @Test
    void minPoolAboveMaxRejected() {
        StorageConfig config = StorageConfigs.with(Map.of("minPoolSize", 20, "maxPoolSize", 10));

        assertThatThrownBy(() -> StorageSettings.from(config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid minPoolSize")
                .hasMessageContaining("greater than maxPoolSize 10");
    }

    @ParameterizedTest
    @ValueSource(strings = {"maxWaitTimeMs", "connectTimeoutMs", "serverSelectionTimeoutMs", "socketTimeoutMs"})
    void negativeTimeoutRejected(String property) {
        StorageConfig config = StorageConfigs.with(Map.of(property, -1));

        assertThatThrownBy(() -> StorageSettings.from(config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid " + property);
    }

    @Test
    void configuredValuesOverrideUriOptions() {
        StorageSettings settings = StorageSettings.from(StorageConfigs.with(Map.of(
                "uri", "mongodb://db1.example.org/?maxPoolSize=500&waitQueueTimeoutMS=60000&connectTimeoutMS=9000",
                "maxPoolSize", 20,
                "expectedConcurrency", 16,
                "minPoolSize", 2,
                "maxWaitTimeMs", 150,
                "connectTimeoutMs", 1000,
                "serverSelectionTimeoutMs", 1500,
                "socketTimeoutMs", 5000)));

        MongoClientSettings client = settings.externalClientSettings(NO_LISTENER);

        assertThat(client.getConnectionPoolSettings().getMaxSize()).isEqualTo(20);
        assertThat(client.getConnectionPoolSettings().getMinSize()).isEqualTo(2);
        assertThat(client.getConnectionPoolSettings().getMaxWaitTime(TimeUnit.MILLISECONDS)).isEqualTo(150);
        assertThat(client.getSocketSettings().getConnectTimeout(TimeUnit.MILLISECONDS)).isEqualTo(1000);
        assertThat(client.getSocketSettings().getReadTimeout(TimeUnit.MILLISECONDS)).isEqualTo(5000);
        assertThat(client.getClusterSettings().getServerSelectionTimeout(TimeUnit.MILLISECONDS)).isEqualTo(1500);
        assertThat(client.getClusterSettings().getClusterListeners()).containsExactly(NO_LISTENER);
    }

    @Test
    void embeddedSettingsTargetGivenAddress() {
        StorageSettings settings = StorageSettings.from(StorageConfigs.defaults());

        MongoClientSettings client = settings.embeddedClientSettings(new InetSocketAddress("127.0.0.1", 40123), NO_LISTENER);

        assertThat(client.getClusterSettings().getHosts()).hasSize(1);
        assertThat(client.getClusterSettings().getHosts().get(0).getHost()).isEqualTo("127.0.0.1");
        assertThat(client.getClusterSettings().getHosts().get(0).getPort()).isEqualTo(40123);
        assertThat(client.getConnectionPoolSettings().getMaxWaitTime(TimeUnit.MILLISECONDS)).isEqualTo(300);
    }

    @Test
    void poolBelowExpectedConcurrencyRejected() {
        StorageConfig config = StorageConfigs.with(Map.of("maxPoolSize", 5, "expectedConcurrency", 40));

        assertThatThrownBy(() -> StorageSettings.from(config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid maxPoolSize")
                .hasMessageContaining("maxPoolSize 5 is less than the minimum 40 (expectedConcurrency 40)")
                .hasMessageContaining("allowUndersizedPool=true");
    }

    @Test
    void poolBelowFloorRejected() {
        StorageConfig config = StorageConfigs.with(Map.of("maxPoolSize", 5, "expectedConcurrency", 2,
                "poolSizeFloor", 8));

        assertThatThrownBy(() -> StorageSettings.from(config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxPoolSize 5 is less than the minimum 8 (poolSizeFloor 8)");
    }

    @Test
    void poolAtMinimumAccepted() {
        StorageSettings settings = StorageSettings.from(StorageConfigs.with(Map.of("maxPoolSize", 32)));

        assertThat(settings.undersized()).isFalse();
        assertThat(settings.requiredPoolSize()).isEqualTo(32);
    }

    @Test
    void undersizedPoolAcceptedWithOverride() {
        StorageSettings settings = StorageSettings.from(StorageConfigs.with(Map.of("maxPoolSize", 5,
                "allowUndersizedPool", true)));

        assertThat(settings.maxPoolSize()).isEqualTo(5);
        assertThat(settings.undersized()).isTrue();
    }

    @Test
    void parseSkipsPoolSizeCheck() {
        StorageSettings settings = StorageSettings.parse(StorageConfigs.with(Map.of("maxPoolSize", 5)));

        assertThat(settings.undersized()).isTrue();
        assertThat(settings.withMaxPoolSize(settings.requiredPoolSize()).undersized()).isFalse();
    }

    @Test
    void onlyConnectionSettingsNeedNewClient() {
        StorageSettings base = StorageSettings.from(StorageConfigs.defaults());

        assertThat(base.needsNewClient(StorageSettings.from(StorageConfigs.with(Map.of("drainGraceMs", 1)))))
                .isFalse();
        assertThat(base.needsNewClient(StorageSettings.from(StorageConfigs.with(
                Map.of("poolWaitReadinessThresholdMs", 1))))).isFalse();
        assertThat(base.needsNewClient(StorageSettings.from(StorageConfigs.with(Map.of("maxPoolSize", 60)))))
                .isTrue();
        assertThat(base.needsNewClient(StorageSettings.from(StorageConfigs.with(Map.of("maxWaitTimeMs", 100)))))
                .isTrue();
        assertThat(base.needsNewClient(StorageSettings.from(StorageConfigs.with(
                Map.of("uri", "mongodb://db1.example.org"))))).isTrue();
    }

    @Test
    void externalSettingsNeedUri() {
        StorageSettings settings = StorageSettings.from(StorageConfigs.defaults());

        assertThatThrownBy(() -> settings.externalClientSettings(NO_LISTENER))
                .isInstanceOf(IllegalStateException.class);
    }
}
