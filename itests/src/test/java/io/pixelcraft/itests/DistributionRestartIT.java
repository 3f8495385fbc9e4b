package io.pixelcraft.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.After;
import org.junit.Test;

/**
 * Runs the distribution as separate processes, the way an operator does: data written before
 * {@code bin/stop} is there after the next {@code bin/start}, and the first start creates the
 * console administrator exactly once. (The Pax Exam tests restart bundles inside one JVM; this
 * test restarts the whole process.)
 */
public class DistributionRestartIT {

    private DistributionProcess dist;

    @After
    public void stopDistribution() throws Exception {
        if (dist != null) {
            try {
                dist.stopAndAwaitExit();
            } catch (Exception | AssertionError e) {
                System.err.println("Cleanup: could not stop the distribution in " + dist.home + ": " + e);
            }
        }
    }

    @Test
    public void dataSurvivesDistributionRestart() throws Exception {
        dist = DistributionProcess.unpack(Path.of("target", "restart-it", UUID.randomUUID().toString()).toAbsolutePath());
        String marker = UUID.randomUUID().toString();
        byte[] blob = ("restart test " + marker).getBytes(StandardCharsets.UTF_8);

        dist.startAndAwaitHealthy();
        ObjectId fileId;
        try (MongoClient client = connect()) {
            MongoDatabase db = client.getDatabase("pixelcraft");
            db.getCollection("itest_restart").insertOne(new Document("_id", marker).append("value", 42));
            fileId = GridFSBuckets.create(db, "itest").uploadFromStream("marker.bin",
                    new ByteArrayInputStream(blob), new GridFSUploadOptions().metadata(new Document("marker", marker)));
        }
        dist.stopAndAwaitExit();

        dist.startAndAwaitHealthy();
        try (MongoClient client = connect()) {
            MongoDatabase db = client.getDatabase("pixelcraft");
            MongoCollection<Document> collection = db.getCollection("itest_restart");
            Document found = collection.find(new Document("_id", marker)).first();
            assertNotNull("document written before the restart", found);
            assertEquals(42, found.getInteger("value").intValue());

            GridFSBucket bucket = GridFSBuckets.create(db, "itest");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            bucket.downloadToStream(fileId, out);
            assertEquals(new String(blob, StandardCharsets.UTF_8), out.toString(StandardCharsets.UTF_8));
        }
        assertTrue("store files under the distribution's data folder",
                Files.exists(dist.home.resolve("data/pixelcraft/store")));
    }

    @Test
    public void firstStartCreatesAdminOnce() throws Exception {
        dist = DistributionProcess.unpack(Path.of("target", "restart-it", UUID.randomUUID().toString()).toAbsolutePath());
        Path passwordFile = dist.home.resolve("data/pixelcraft/initial-admin-password");
        Path users = dist.home.resolve("etc/users.properties");
        assertFalse("the archive ships no admin user", Files.readString(users).contains("admin ="));

        dist.startAndAwaitHealthy();
        String password = Files.readString(DistributionProcess.awaitFile(passwordFile)).trim();
        String usersAfterFirstStart = Files.readString(users);
        assertEquals(24, password.length());
        assertTrue(usersAfterFirstStart.contains("admin = {CRYPT}"));
        assertFalse("password stored only hashed", usersAfterFirstStart.contains(password));
        Files.delete(passwordFile);
        dist.stopAndAwaitExit();

        dist.startAndAwaitHealthy();
        assertFalse("no second password on restart", Files.exists(passwordFile));
        assertEquals(usersAfterFirstStart, Files.readString(users));
    }

    private MongoClient connect() {
        return MongoClients.create("mongodb://127.0.0.1:" + dist.storePort + "/?serverSelectionTimeoutMS=10000");
    }
}
