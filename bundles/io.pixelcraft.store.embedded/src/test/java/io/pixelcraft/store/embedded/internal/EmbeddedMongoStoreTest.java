package io.pixelcraft.store.embedded.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoClientException;
import com.mongodb.MongoCommandException;
import com.mongodb.client.ClientSession;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.gridfs.model.GridFSFile;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedMongoStoreTest {

    private static final byte[] FILE_CONTENT = "pixels".repeat(50_000).getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path directory;

    private EmbeddedMongoStore store;
    private MongoClient client;

    @AfterEach
    void stop() {
        closeClientAndStore();
    }

    @Test
    void documentReadBackById() {
        MongoCollection<Document> users = start().getCollection("users");

        users.insertOne(new Document("_id", "u1").append("name", "Ada"));

        Document found = users.find(Filters.eq("_id", "u1")).first();
        assertThat(found).isNotNull();
        assertThat(found.getString("name")).isEqualTo("Ada");
    }

    @Test
    void duplicateIdRejected() {
        MongoCollection<Document> users = start().getCollection("users");
        users.insertOne(new Document("_id", "u1"));

        assertThatThrownBy(() -> users.insertOne(new Document("_id", "u1")))
                .isInstanceOfSatisfying(MongoWriteException.class, e ->
                        assertThat(ErrorCategory.fromErrorCode(e.getCode())).isEqualTo(ErrorCategory.DUPLICATE_KEY));
    }

    @Test
    void uniqueIndexEnforced() {
        MongoCollection<Document> users = start().getCollection("users");
        users.createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));
        users.insertOne(new Document("_id", "u1").append("email", "ada@example.org"));

        assertThatThrownBy(() -> users.insertOne(new Document("_id", "u2").append("email", "ada@example.org")))
                .isInstanceOfSatisfying(MongoWriteException.class, e ->
                        assertThat(ErrorCategory.fromErrorCode(e.getCode())).isEqualTo(ErrorCategory.DUPLICATE_KEY));
        assertThat(users.countDocuments()).isEqualTo(1);
    }

    @Test
    void gridFsFileWithMetadataReadBack() {
        GridFSBucket images = GridFSBuckets.create(start(), "images");

        ObjectId id = upload(images);

        assertThat(download(images, id)).isEqualTo(FILE_CONTENT);
        GridFSFile file = images.find(Filters.eq("_id", id)).first();
        assertThat(file).isNotNull();
        assertThat(file.getFilename()).isEqualTo("photo.png");
        assertThat(file.getMetadata()).containsEntry("contentType", "image/png");
    }

    @Test
    void dataSurvivesRestart() {
        MongoDatabase database = start();
        database.getCollection("users").createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));
        database.getCollection("users").insertOne(new Document("_id", "u1").append("email", "ada@example.org"));
        ObjectId fileId = upload(GridFSBuckets.create(database, "images"));
        int firstPort = store.address().getPort();

        closeClientAndStore();
        MongoDatabase reopened = start();

        Document user = reopened.getCollection("users").find(Filters.eq("_id", "u1")).first();
        assertThat(user).isNotNull();
        assertThat(user.getString("email")).isEqualTo("ada@example.org");
        assertThat(download(GridFSBuckets.create(reopened, "images"), fileId)).isEqualTo(FILE_CONTENT);
        assertThatThrownBy(() -> reopened.getCollection("users")
                        .insertOne(new Document("_id", "u2").append("email", "ada@example.org")))
                .as("unique index kept across the restart")
                .isInstanceOf(MongoWriteException.class);
        assertThat(store.address().getPort()).as("port 0 picks a free port each start").isPositive();
        assertThat(firstPort).isPositive();
    }

    @Test
    void transactionsUnsupported() {
        MongoCollection<Document> users = start().getCollection("users");

        try (ClientSession session = client.startSession()) {
            session.startTransaction();
            assertThatThrownBy(() -> users.insertOne(session, new Document("_id", "u1")))
                    .isInstanceOf(MongoClientException.class)
                    .hasMessageContaining("doesn't support sessions");
        }
    }

    @Test
    void changeStreamsUnsupported() {
        MongoCollection<Document> users = start().getCollection("users");

        assertThatThrownBy(() -> users.watch().cursor().tryNext())
                .isInstanceOf(MongoCommandException.class);
    }

    @Test
    void helloCommandUnsupported() {
        MongoDatabase database = start();

        assertThatThrownBy(() -> database.runCommand(new Document("hello", 1)))
                .isInstanceOfSatisfying(MongoCommandException.class, e ->
                        assertThat(e.getErrorCode()).isEqualTo(59));
    }

    @Test
    void nonUniqueIndexAccepted() {
        MongoCollection<Document> users = start().getCollection("users");

        // The server logs that it ignores this index, and queries on "group" scan the collection.
        assertThat(users.createIndex(Indexes.ascending("group"))).isEqualTo("group_1");
        users.insertOne(new Document("_id", "u1").append("group", "g1"));

        Document found = users.find(Filters.eq("group", "g1")).first();
        assertThat(found).isNotNull();
    }

    @Test
    void listensOnLoopbackOnly() {
        start();

        assertThat(store.address().getAddress().isLoopbackAddress()).isTrue();
        assertThat(store.directory().resolve(EmbeddedMongoStore.DATA_FILE_NAME)).exists();
    }

    @Test
    void invalidPortRejected() {
        assertThatThrownBy(() -> new EmbeddedMongoStore(directory, 70_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("70000");
    }

    @Test
    void directoryFromConfiguration() {
        assertThat(EmbeddedMongoStore.resolveDirectory(" /srv/store ", "/opt/karaf/data"))
                .isEqualTo(Path.of("/srv/store"));
    }

    @Test
    void directoryDefaultsUnderKarafData() {
        assertThat(EmbeddedMongoStore.resolveDirectory("", "/opt/karaf/data"))
                .isEqualTo(Path.of("/opt/karaf/data/pixelcraft/store"));
    }

    @Test
    void directoryMissingOutsideKaraf() {
        assertThatThrownBy(() -> EmbeddedMongoStore.resolveDirectory("", null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("directory");
    }

    private MongoDatabase start() {
        store = new EmbeddedMongoStore(directory, 0);
        client = MongoClients.create("mongodb://127.0.0.1:" + store.address().getPort());
        return client.getDatabase("pixelcraft");
    }

    private void closeClientAndStore() {
        if (client != null) {
            client.close();
            client = null;
        }
        if (store != null) {
            store.stop();
            store = null;
        }
    }

    private static ObjectId upload(GridFSBucket bucket) {
        GridFSUploadOptions options = new GridFSUploadOptions()
                .chunkSizeBytes(64 * 1024)
                .metadata(new Document("contentType", "image/png"));
        return bucket.uploadFromStream("photo.png", new ByteArrayInputStream(FILE_CONTENT), options);
    }

    private static byte[] download(GridFSBucket bucket, ObjectId id) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        bucket.downloadToStream(id, out);
        return out.toByteArray();
    }
}
