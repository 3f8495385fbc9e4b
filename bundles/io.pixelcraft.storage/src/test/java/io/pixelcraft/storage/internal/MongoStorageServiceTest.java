package io.pixelcraft.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.model.Filters;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;
import io.pixelcraft.api.health.HealthResult;
import io.pixelcraft.api.storage.StorageInfo;
import io.pixelcraft.api.storage.StorageUnavailableException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MongoStorageServiceTest {

    private static final byte[] IMAGE_BYTES = "not really a png".repeat(1000).getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path directory;

    private MongoStorageService storage;

    @AfterEach
    void stopStorage() {
        if (storage != null) {
            storage.stop();
        }
    }

    @Test
    void embeddedStoreStartedOnlyInEmbeddedMode() {
        InProcessEmbeddedStore embedded = new InProcessEmbeddedStore(directory);

        storage = new MongoStorageService(externalSettings("mongodb://127.0.0.1:" + freePort()), embedded, false);

        assertThat(embedded.running()).isFalse();
        assertThat(storage.info().mode()).isEqualTo(MongoStorageService.MODE_EXTERNAL);
    }

    @Test
    void embeddedStoreStoppedWithService() {
        InProcessEmbeddedStore embedded = new InProcessEmbeddedStore(directory);
        storage = new MongoStorageService(embeddedSettings(), embedded, false);
        assertThat(embedded.running()).isTrue();

        storage.stop();
        storage = null;

        assertThat(embedded.running()).isFalse();
    }

    @Test
    void documentWrittenAndReadById() {
        storage = new MongoStorageService(embeddedSettings(), new InProcessEmbeddedStore(directory), false);

        storage.database().getCollection("projects").insertOne(new Document("_id", "p1").append("name", "Poster"));

        Document found = storage.database().getCollection("projects").find(Filters.eq("_id", "p1")).first();
        assertThat(found).isNotNull();
        assertThat(found.getString("name")).isEqualTo("Poster");
    }

    @Test
    void infoDescribesEmbeddedStore() {
        storage = new MongoStorageService(embeddedSettings(), new InProcessEmbeddedStore(directory), false);

        StorageInfo info = storage.info();

        assertThat(info.mode()).isEqualTo(MongoStorageService.MODE_EMBEDDED);
        assertThat(info.address()).startsWith("127.0.0.1:");
        assertThat(info.databaseName()).isEqualTo("pixelcraft");
        assertThat(info.maxPoolSize()).isEqualTo(50);
    }

    @Test
    void gridFsBucketStoresFileWithMetadata() {
        storage = new MongoStorageService(embeddedSettings(), new InProcessEmbeddedStore(directory), false);
        GridFSBucket images = storage.bucket("images");

        ObjectId id = images.uploadFromStream("photo.png", new ByteArrayInputStream(IMAGE_BYTES),
                new GridFSUploadOptions().metadata(new Document("sha256", "abc")));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        storage.bucket("images").downloadToStream(id, out);
        assertThat(out.toByteArray()).isEqualTo(IMAGE_BYTES);
        assertThat(storage.bucket("images").find(Filters.eq("_id", id)).first().getMetadata())
                .containsEntry("sha256", "abc");
    }

    @Test
    void blankBucketNameRejected() {
        storage = new MongoStorageService(embeddedSettings(), new InProcessEmbeddedStore(directory), false);

        assertThatThrownBy(() -> storage.bucket(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blank");
    }

    @Test
    void dataSurvivesServiceRestart() {
        InProcessEmbeddedStore embedded = new InProcessEmbeddedStore(directory);
        storage = new MongoStorageService(embeddedSettings(), embedded, false);
        storage.database().getCollection("projects").insertOne(new Document("_id", "p1"));
        storage.stop();

        storage = new MongoStorageService(embeddedSettings(), embedded, false);

        MongoCollection<Document> projects = storage.database().getCollection("projects");
        assertThat(projects.find(Filters.eq("_id", "p1")).first()).isNotNull();
    }

    @Test
    void missingEmbeddedStoreReportsUnavailable() {
        storage = new MongoStorageService(embeddedSettings(), null, false);

        assertThatThrownBy(() -> storage.database())
                .isInstanceOf(StorageUnavailableException.class)
                .hasMessageContaining("io.pixelcraft.store.embedded");
        assertThatThrownBy(() -> storage.bucket("images"))
                .isInstanceOf(StorageUnavailableException.class);
    }

    @Test
    void stoppedServiceReportsUnavailable() {
        storage = new MongoStorageService(embeddedSettings(), new InProcessEmbeddedStore(directory), false);
        storage.stop();
        MongoStorageService stopped = storage;
        storage = null;

        assertThatThrownBy(stopped::database)
                .isInstanceOf(StorageUnavailableException.class)
                .hasMessageContaining("stopped");
    }

    @Test
    void stopLetsRunningRequestFinish() throws Exception {
        storage = new MongoStorageService(embeddedSettings(), new InProcessEmbeddedStore(directory), false);
        MongoCollection<Document> items = storage.database().getCollection("items");
        items.insertOne(new Document("_id", "first"));
        MongoStorageService stopping = storage;
        storage = null;

        Thread stopper = new Thread(stopping::stop, "storage-stop");
        stopper.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (stopping.drainingClients() == 0 && System.nanoTime() - deadline < 0) {
            Thread.sleep(5);
        }
        // The request's second call, made while the stop waits for the client to go quiet.
        Document found = items.find(Filters.eq("_id", "first")).first();
        boolean stillStopping = stopper.isAlive();
        stopper.join(Duration.ofSeconds(10).toMillis());

        assertThat(found).isNotNull();
        assertThat(stillStopping).isTrue();
        assertThat(stopper.isAlive()).isFalse();
        assertThatThrownBy(() -> items.find().first()).isInstanceOf(StorageUnavailableException.class);
        assertThatThrownBy(stopping::database).isInstanceOf(StorageUnavailableException.class)
                .hasMessageContaining("stopped");
    }

    @Test
    void unreachableStoreFailsFast() {
        storage = new MongoStorageService(externalSettings("mongodb://127.0.0.1:" + freePort()), null, false);

        // The driver's monitor needs one connection attempt before the store counts as unreachable.
        StorageUnavailableException failure = awaitUnavailable(Duration.ofSeconds(10));

        assertThat(failure).hasMessageContaining("unreachable");
        long start = System.nanoTime();
        assertThatThrownBy(() -> storage.database()).isInstanceOf(StorageUnavailableException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(100));
    }

    @Test
    void lostStoreRaisesUnavailableOnQuery() {
        InProcessEmbeddedStore embedded = new InProcessEmbeddedStore(directory);
        storage = new MongoStorageService(fastFailingSettings(), embedded, false);
        MongoCollection<Document> projects = storage.database().getCollection("projects");
        projects.insertOne(new Document("_id", "p1"));

        embedded.crash();

        assertThatThrownBy(() -> projects.find(Filters.eq("_id", "p1")).first())
                .isInstanceOf(StorageUnavailableException.class)
                .hasMessageContaining("embedded store at 127.0.0.1:")
                .hasCauseInstanceOf(MongoException.class);
    }

    @Test
    void lostStoreRaisesUnavailableOnCursor() {
        InProcessEmbeddedStore embedded = new InProcessEmbeddedStore(directory);
        storage = new MongoStorageService(fastFailingSettings(), embedded, false);
        MongoCollection<Document> projects = storage.database().getCollection("projects");
        projects.insertOne(new Document("_id", "p1"));

        embedded.crash();

        assertThatThrownBy(() -> projects.find().iterator())
                .isInstanceOf(StorageUnavailableException.class);
    }

    @Test
    void lostStoreRaisesUnavailableOnBucket() {
        InProcessEmbeddedStore embedded = new InProcessEmbeddedStore(directory);
        storage = new MongoStorageService(fastFailingSettings(), embedded, false);
        GridFSBucket images = storage.bucket("images");

        embedded.crash();

        assertThatThrownBy(() -> images.find().first())
                .isInstanceOf(StorageUnavailableException.class);
    }

    @Test
    void otherDriverErrorsUnchanged() {
        storage = new MongoStorageService(embeddedSettings(), new InProcessEmbeddedStore(directory), false);
        MongoCollection<Document> projects = storage.database().getCollection("projects");
        projects.insertOne(new Document("_id", "p1"));

        assertThatThrownBy(() -> projects.insertOne(new Document("_id", "p1")))
                .isInstanceOf(MongoWriteException.class);
    }

    @Test
    void healthUpWithEmbeddedStore() {
        storage = new MongoStorageService(embeddedSettings(), new InProcessEmbeddedStore(directory), false);
        StoreHealthCheck check = new StoreHealthCheck(storage);

        HealthResult result = check.check();

        assertThat(check.name()).isEqualTo("store");
        assertThat(result.up()).as(result.detail()).isTrue();
        assertThat(result.detail()).contains("embedded store at 127.0.0.1:").contains("database pixelcraft");
    }

    @Test
    void healthDownWhenStoreUnreachable() {
        storage = new MongoStorageService(externalSettings("mongodb://127.0.0.1:" + freePort()), null, false);
        StoreHealthCheck check = new StoreHealthCheck(storage);

        long start = System.nanoTime();
        HealthResult result = check.check();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(result.up()).isFalse();
        assertThat(result.detail()).contains("external store at 127.0.0.1:");
        assertThat(elapsed).isLessThan(Duration.ofMillis(StoreHealthCheck.PING_TIMEOUT_MS + 500));
    }

    @Test
    void healthDetailHidesPassword() {
        storage = new MongoStorageService(
                externalSettings("mongodb://app:s3cret@127.0.0.1:" + freePort() + "/?authSource=admin"), null, false);

        HealthResult result = new StoreHealthCheck(storage).check();

        assertThat(result.detail()).doesNotContain("s3cret");
    }

    private StorageUnavailableException awaitUnavailable(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                storage.database();
                Thread.sleep(50);
            } catch (StorageUnavailableException e) {
                return e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for the store to count as unreachable", e);
            }
        }
        throw new AssertionError("Store did not count as unreachable within " + timeout);
    }

    private static StorageSettings embeddedSettings() {
        return StorageSettings.from(StorageConfigs.defaults());
    }

    /** Embedded settings with short timeouts, so that tests of a lost store finish quickly. */
    private static StorageSettings fastFailingSettings() {
        return StorageSettings.from(StorageConfigs.with(Map.of(
                "serverSelectionTimeoutMs", 500, "connectTimeoutMs", 500, "socketTimeoutMs", 1000)));
    }

    private static StorageSettings externalSettings(String uri) {
        return StorageSettings.from(StorageConfigs.with(Map.of("uri", uri, "connectTimeoutMs", 500)));
    }

    /** Returns a port on 127.0.0.1 that nothing listens on right now. */
    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("No free port on 127.0.0.1", e);
        }
    }
}
