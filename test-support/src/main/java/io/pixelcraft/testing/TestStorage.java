package io.pixelcraft.testing;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.pixelcraft.api.storage.StorageInfo;
import io.pixelcraft.api.storage.StorageService;
import java.net.InetSocketAddress;

/**
 * A real MongoDB wire-protocol server (mongo-java-server, memory backend) on a free port of
 * 127.0.0.1, with a driver client connected to it. Like the embedded store, it has no
 * transactions and ignores non-unique indexes. Close it after each test.
 */
public final class TestStorage implements StorageService, AutoCloseable {

    private final MongoServer server = new MongoServer(new MemoryBackend());
    private final MongoClient client;
    private final String address;

    public TestStorage() {
        server.bind("127.0.0.1", 0);
        InetSocketAddress bound = server.getLocalAddress();
        address = "127.0.0.1:" + bound.getPort();
        client = MongoClients.create("mongodb://" + address);
    }

    @Override
    public MongoDatabase database() {
        return client.getDatabase("pixelcraft");
    }

    @Override
    public GridFSBucket bucket(String name) {
        return GridFSBuckets.create(database(), name);
    }

    @Override
    public StorageInfo info() {
        return new StorageInfo("embedded", address, "pixelcraft", 10);
    }

    @Override
    public void close() {
        client.close();
        server.shutdownNow();
    }
}
