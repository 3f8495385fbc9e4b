package io.pixelcraft.collab.internal;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBucket;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.pixelcraft.api.document.EngineLimits;
import io.pixelcraft.api.storage.StorageInfo;
import io.pixelcraft.api.storage.StorageService;
import io.pixelcraft.api.web.ProjectRole;
import io.pixelcraft.engine.internal.Engine;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The server side of the load harness in {@code benchmarks-collab/}: the collaboration servlet
 * on an embedded Jetty 12 at 127.0.0.1, the real document engine, and the MongoDB op log on
 * mongo-java-server with the H2 file backend that the embedded store uses. Every user is an
 * editor of every project, and the bearer token is the user id.
 *
 * <p>Run: {@code java -cp <test classpath> io.pixelcraft.collab.internal.BenchServer <port> [deflate] [memory]},
 * where {@code memory} keeps the op log in mongo-java-server's memory backend instead of H2.
 */
public final class BenchServer {

    private BenchServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        List<String> flags = List.of(args).subList(1, args.length);
        boolean deflate = flags.contains("deflate");
        Path directory = Files.createTempDirectory("pixelcraft-collab-bench");
        MongoServer mongo = new MongoServer(flags.contains("memory") ? new MemoryBackend()
                : new H2Backend(directory.resolve("store.mv.db").toString()));
        InetSocketAddress address = mongo.bind();
        MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort());
        StorageService storage = new StorageService() {
            @Override
            public MongoDatabase database() {
                return client.getDatabase("pixelcraft");
            }

            @Override
            public GridFSBucket bucket(String name) {
                throw new UnsupportedOperationException("The benchmark uses no GridFS");
            }

            @Override
            public StorageInfo info() {
                return new StorageInfo("embedded", "127.0.0.1:" + address.getPort(), "pixelcraft", 10);
            }
        };
        CollabSettings settings = new CollabSettings(256 * 1024, 1000, 5000, 4096, 1000, 20, 50, 500, 60, 1000, 300,
                30, deflate, List.of());
        TestServer server = new TestServer(settings, new MongoOpLog(storage), new Engine(EngineLimits.DEFAULTS),
                port, (projectId, userId) -> ProjectRole.EDITOR);
        System.out.println("BenchServer listening on ws://127.0.0.1:" + server.port() + "/ws/projects/{id}"
                + " (permessage-deflate " + (deflate ? "on" : "off") + ", op log "
                + (flags.contains("memory") ? "in memory" : "in H2 at " + directory) + ")");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                e.printStackTrace();
            }
            client.close();
            mongo.shutdownNow();
        }));
        Thread.currentThread().join();
    }
}
