package io.pixelcraft.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.model.GridFSFile;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;
import com.mongodb.client.model.Filters;
import io.pixelcraft.api.storage.StorageService;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;

/**
 * Boots the distribution once for this class and checks health and storage through it.
 *
 * <p>The restart here stops and starts the embedded store and storage bundles inside one JVM,
 * which proves that the store closes and reopens its files cleanly. A restart of the whole
 * distribution process (bin/stop, bin/start) cannot run inside Pax Exam, which owns the
 * process, so {@link DistributionRestartIT} covers it with separate processes.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class StorageIT extends PixelCraftTestSupport {

    private static final String EMBEDDED_STORE_BUNDLE = "io.pixelcraft.store.embedded";
    private static final String STORAGE_BUNDLE = "io.pixelcraft.storage";
    private static final String COLLECTION = "itest_documents";
    private static final String BUCKET = "itest_files";

    @Configuration
    public Option[] configuration() {
        return distribution();
    }

    @Test
    public void bundlesResolvedAndActive() {
        assertNoUnresolvedBundles();
        assertBundlesActive();
    }

    @Test
    public void healthReportsUp() throws InterruptedException {
        URI health = URI.create("http://127.0.0.1:" + System.getProperty(HTTP_PORT_PROPERTY) + "/api/health");
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

        // The web bundle and the store come up a few seconds after the framework.
        HttpResponse<String> response = poll("GET " + health + " returning 200", () -> {
            HttpResponse<String> current = get(client, health);
            assertEquals("status of GET " + health + ", body " + current.body(), 200, current.statusCode());
            return current;
        });

        String body = response.body().replace(" ", "");
        assertTrue("health body " + response.body(), body.contains("\"status\":\"UP\""));
        assertTrue("health body names the store check: " + response.body(), body.contains("\"store\""));
    }

    @Test
    public void documentAndFileSurviveStoreRestart() throws Exception {
        String documentId = "itest-" + UUID.randomUUID();
        byte[] content = ("file content of " + documentId).repeat(5_000).getBytes(StandardCharsets.UTF_8);

        StorageService storage = awaitService(StorageService.class);
        assertEquals("embedded", storage.info().mode());
        ObjectId fileId = poll("writing to the store", () -> write(storage, documentId, content));

        restartBundles();

        StorageService restarted = awaitService(StorageService.class);
        Document found = poll("reading the document after the restart", () -> restarted.database()
                .getCollection(COLLECTION).find(Filters.eq("_id", documentId)).first());
        assertNotNull("document " + documentId + " after the restart", found);
        assertEquals("title of document " + documentId, "Survives restarts", found.getString("title"));

        GridFSBucket bucket = restarted.bucket(BUCKET);
        GridFSFile file = bucket.find(Filters.eq("_id", fileId)).first();
        assertNotNull("GridFS file " + fileId + " after the restart", file);
        assertEquals("metadata of GridFS file " + fileId, documentId, file.getMetadata().getString("documentId"));
        assertArrayEquals("content of GridFS file " + fileId, content, download(bucket, fileId));
    }

    private static ObjectId write(StorageService storage, String documentId, byte[] content) {
        storage.database().getCollection(COLLECTION)
                .insertOne(new Document("_id", documentId).append("title", "Survives restarts"));
        GridFSUploadOptions options = new GridFSUploadOptions()
                .metadata(new Document("documentId", documentId).append("contentType", "text/plain"));
        return storage.bucket(BUCKET).uploadFromStream(documentId + ".txt", new ByteArrayInputStream(content), options);
    }

    /**
     * Stops the storage bundle and then the embedded store bundle, which closes the client and
     * then the store's data file, and starts them again in the opposite order.
     */
    private void restartBundles() throws BundleException {
        Bundle storageBundle = bundle(STORAGE_BUNDLE);
        Bundle storeBundle = bundle(EMBEDDED_STORE_BUNDLE);

        storageBundle.stop();
        storeBundle.stop();
        assertEquals("state of " + EMBEDDED_STORE_BUNDLE + " after stop", Bundle.RESOLVED, storeBundle.getState());

        storeBundle.start();
        storageBundle.start();
        assertEquals("state of " + STORAGE_BUNDLE + " after start", Bundle.ACTIVE, storageBundle.getState());
    }

    private static byte[] download(GridFSBucket bucket, ObjectId id) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        bucket.downloadToStream(id, out);
        return out.toByteArray();
    }

    private static HttpResponse<String> get(HttpClient client, URI uri) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + uri + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during GET " + uri, e);
        }
    }
}
