package io.pixelcraft.store.embedded.internal;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures a few operations against the embedded store with its H2 file backend and prints the
 * times. Skipped unless run with {@code -Dpixelcraft.benchmark=true}:
 * {@code ./mvnw -o test -pl bundles/io.pixelcraft.store.embedded -Dtest=EmbeddedStoreBenchmark -Dpixelcraft.benchmark=true}.
 */
class EmbeddedStoreBenchmark {

    private static final int DOCUMENTS = 10_000;
    private static final int SCAN_LOOKUPS = 200;
    private static final int FILE_BYTES = 10 * 1024 * 1024;

    @TempDir
    Path directory;

    @Test
    void measureOperations() {
        assumeTrue(Boolean.getBoolean("pixelcraft.benchmark"), "benchmark runs only with -Dpixelcraft.benchmark=true");

        EmbeddedMongoStore store = new EmbeddedMongoStore(directory, 0);
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + store.address().getPort())) {
            MongoDatabase database = client.getDatabase("benchmark");
            measureDocuments(database);
            measureGridFs(database);
        } finally {
            store.stop();
        }
    }

    private static void measureDocuments(MongoDatabase database) {
        MongoCollection<Document> single = database.getCollection("single");
        single.createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));
        single.createIndex(Indexes.ascending("group"));

        long start = System.nanoTime();
        for (int i = 0; i < DOCUMENTS; i++) {
            single.insertOne(document(i));
        }
        report("insertOne", DOCUMENTS, start);

        MongoCollection<Document> batched = database.getCollection("batched");
        List<Document> batch = new ArrayList<>();
        for (int i = 0; i < DOCUMENTS; i++) {
            batch.add(document(i));
        }
        start = System.nanoTime();
        batched.insertMany(batch);
        report("insertMany (one call)", DOCUMENTS, start);

        Random random = new Random(1);
        start = System.nanoTime();
        for (int i = 0; i < DOCUMENTS; i++) {
            single.find(Filters.eq("_id", "doc-" + random.nextInt(DOCUMENTS))).first();
        }
        report("find by _id", DOCUMENTS, start);

        start = System.nanoTime();
        for (int i = 0; i < DOCUMENTS; i++) {
            single.find(Filters.eq("email", "user" + random.nextInt(DOCUMENTS) + "@example.org")).first();
        }
        report("find by unique index", DOCUMENTS, start);

        start = System.nanoTime();
        for (int i = 0; i < SCAN_LOOKUPS; i++) {
            // All 100 matches are read, so the server has to look at every document.
            single.find(Filters.eq("group", "group-" + random.nextInt(100))).into(new ArrayList<>());
        }
        report("find all by non-unique index (full scan)", SCAN_LOOKUPS, start);
    }

    private static void measureGridFs(MongoDatabase database) {
        GridFSBucket bucket = GridFSBuckets.create(database, "files");
        byte[] content = new byte[FILE_BYTES];
        new Random(2).nextBytes(content);

        long start = System.nanoTime();
        ObjectId id = bucket.uploadFromStream("big.bin", new ByteArrayInputStream(content));
        report("GridFS upload 10 MiB", 1, start);

        start = System.nanoTime();
        ByteArrayOutputStream out = new ByteArrayOutputStream(FILE_BYTES);
        bucket.downloadToStream(id, out);
        report("GridFS download 10 MiB", 1, start);
    }

    private static Document document(int i) {
        return new Document("_id", "doc-" + i)
                .append("email", "user" + i + "@example.org")
                .append("group", "group-" + (i % 100))
                .append("name", "User " + i)
                .append("createdAt", System.currentTimeMillis());
    }

    private static void report(String operation, int count, long startNanos) {
        double millis = (System.nanoTime() - startNanos) / 1_000_000.0;
        System.out.printf("BENCHMARK %-40s %6d ops %9.0f ms %8.3f ms/op%n", operation, count, millis, millis / count);
    }
}
