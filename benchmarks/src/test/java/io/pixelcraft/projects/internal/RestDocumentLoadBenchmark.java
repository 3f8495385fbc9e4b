package io.pixelcraft.projects.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.pixelcraft.api.document.EngineLimits;
import io.pixelcraft.api.document.FilterLookup;
import io.pixelcraft.api.document.ImageLookup;
import io.pixelcraft.api.document.NodeType;
import io.pixelcraft.api.document.Op;
import io.pixelcraft.api.storage.StorageInfo;
import io.pixelcraft.api.storage.StorageService;
import io.pixelcraft.api.web.ApiRequest;
import io.pixelcraft.api.web.ApiResponse;
import io.pixelcraft.api.web.Principal;
import io.pixelcraft.api.web.Route;
import io.pixelcraft.benchmarks.Report;
import io.pixelcraft.engine.internal.Engine;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Loads a 5,000-node document through the {@code GET /api/projects/{id}/document} route handler
 * and serialises the answer with Jackson, as the web bundle does; HTTP itself is not included.
 * The store is mongo-java-server with the H2 file backend, the platform's embedded store.
 * "Warm" requests find the document in the cache (one {@code _id} lookup checks for newer log
 * entries); "cold" requests start from an empty cache: snapshot read from GridFS plus replay.
 */
@EnabledIfSystemProperty(named = "benchmarks", matches = "true")
class RestDocumentLoadBenchmark {

    private static final int NODES = 5_000;
    private static final int WARM_REQUESTS = 300;
    private static final int COLD_REQUESTS = 40;

    private final ObjectMapper mapper = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    @Test
    void load5000NodeDocument() throws Exception {
        Path directory = Files.createTempDirectory("pixelcraft-bench");
        MongoServer server = new MongoServer(new H2Backend(directory.resolve("store.mv").toString()));
        String address = "127.0.0.1:" + server.bind().getPort();
        try (MongoClient client = MongoClients.create("mongodb://" + address)) {
            StorageService storage = new StorageService() {
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
            };
            run(storage);
        } finally {
            server.shutdownNow();
        }
    }

    private void run(StorageService storage) throws Exception {
        Engine engine = new Engine(EngineLimits.DEFAULTS);
        ProjectRepository repository = new ProjectRepository(storage);
        repository.createIndexes();
        DocumentStore store = new DocumentStore(storage);
        DocumentService documents = new DocumentService(engine, repository, store, Clock.systemUTC(), 200, 64);
        ProjectService projects = new ProjectService(repository, documents, store, Clock.systemUTC(), Duration.ofDays(30));
        String projectId = projects.create("bench-user", "Benchmark", 4000, 3000).id();
        Random random = new Random(9);
        for (int batch = 0; batch < NODES / 100; batch++) {
            List<Op> ops = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                int n = batch * 100 + i;
                ops.add(Op.create("c" + n, "n" + n, n % 2 == 0 ? NodeType.RECT : NodeType.TEXT, "root", n % 2 == 0
                        ? Map.of("x", random.nextInt(4000), "y", random.nextInt(3000), "width", 120, "height", 80, "fill", "#aa3366")
                        : Map.of("x", random.nextInt(4000), "y", random.nextInt(3000), "text", "Label number " + n, "fontSize", 18)));
            }
            documents.apply(projectId, ops, "bench-user");
        }

        Report.line("## Load a 5,000-node document through the REST handler (%s)", Report.machine());
        Route route = new ProjectRoutes(projects, documents, engine, () -> ImageLookup.NONE, () -> FilterLookup.NONE, 1920, 1080)
                .routes().stream().filter(r -> r.method().equals("GET") && r.path().endsWith("/document")).findFirst().orElseThrow();
        ApiRequest request = request(projectId);

        double[] warm = new double[WARM_REQUESTS];
        int bytes = 0;
        for (int i = -50; i < WARM_REQUESTS; i++) {
            long start = System.nanoTime();
            bytes = serve(route, request);
            if (i >= 0) {
                warm[i] = (System.nanoTime() - start) / 1e6;
            }
        }
        Report.line("warm cache: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms over %d requests, %d bytes of JSON",
                Report.percentile(warm, 50), Report.percentile(warm, 95), Report.percentile(warm, 99), WARM_REQUESTS, bytes);

        double[] cold = new double[COLD_REQUESTS];
        for (int i = -5; i < COLD_REQUESTS; i++) {
            DocumentService fresh = new DocumentService(engine, repository, store, Clock.systemUTC(), 200, 64);
            Route coldRoute = new ProjectRoutes(projects, fresh, engine, () -> ImageLookup.NONE, () -> FilterLookup.NONE, 1920, 1080)
                    .routes().stream().filter(r -> r.method().equals("GET") && r.path().endsWith("/document")).findFirst().orElseThrow();
            long start = System.nanoTime();
            serve(coldRoute, request);
            if (i >= 0) {
                cold[i] = (System.nanoTime() - start) / 1e6;
            }
        }
        Report.line("cold cache (snapshot at revision 0 + replay of 50 batches): p50 %.1f ms, p95 %.1f ms, p99 %.1f ms over %d requests",
                Report.percentile(cold, 50), Report.percentile(cold, 95), Report.percentile(cold, 99), COLD_REQUESTS);

        DocumentService eager = new DocumentService(engine, repository, store, Clock.systemUTC(), 1, 64);
        eager.apply(projectId, List.of(Op.set("snap", "n0", Map.of("x", 1))), "bench-user");
        for (int i = -5; i < COLD_REQUESTS; i++) {
            DocumentService fresh = new DocumentService(engine, repository, store, Clock.systemUTC(), 200, 64);
            Route coldRoute = new ProjectRoutes(projects, fresh, engine, () -> ImageLookup.NONE, () -> FilterLookup.NONE, 1920, 1080)
                    .routes().stream().filter(r -> r.method().equals("GET") && r.path().endsWith("/document")).findFirst().orElseThrow();
            long start = System.nanoTime();
            serve(coldRoute, request);
            if (i >= 0) {
                cold[i] = (System.nanoTime() - start) / 1e6;
            }
        }
        Report.line("cold cache (fresh snapshot, no replay): p50 %.1f ms, p95 %.1f ms, p99 %.1f ms over %d requests",
                Report.percentile(cold, 50), Report.percentile(cold, 95), Report.percentile(cold, 99), COLD_REQUESTS);

        // Where a cold load spends its time, step by step, as medians.
        double[] find = new double[COLD_REQUESTS];
        double[] read = new double[COLD_REQUESTS];
        double[] open = new double[COLD_REQUESTS];
        double[] tail = new double[COLD_REQUESTS];
        for (int i = 0; i < COLD_REQUESTS; i++) {
            long t0 = System.nanoTime();
            ProjectRecord project = repository.find(projectId).orElseThrow();
            long t1 = System.nanoTime();
            io.pixelcraft.api.document.DocumentSnapshot snapshot = store.readSnapshot(projectId, project.snapshotFile());
            long t2 = System.nanoTime();
            engine.open(snapshot);
            long t3 = System.nanoTime();
            store.entriesAfter(projectId, snapshot.revision());
            long t4 = System.nanoTime();
            find[i] = (t1 - t0) / 1e6;
            read[i] = (t2 - t1) / 1e6;
            open[i] = (t3 - t2) / 1e6;
            tail[i] = (t4 - t3) / 1e6;
        }
        Report.line("cold load steps (p50): project lookup %.1f ms, snapshot read and parse %.1f ms, engine open %.1f ms, log tail query %.1f ms",
                Report.percentile(find, 50), Report.percentile(read, 50), Report.percentile(open, 50), Report.percentile(tail, 50));
    }

    private int serve(Route route, ApiRequest request) throws Exception {
        ApiResponse response = route.handler().handle(request);
        return mapper.writeValueAsBytes(response.body()).length;
    }

    private static ApiRequest request(String projectId) {
        Principal principal = new Principal("bench-user", "bench@example.test", "Bench", false, Principal.AuthMethod.TOKEN, "t1");
        return (ApiRequest) Proxy.newProxyInstance(ApiRequest.class.getClassLoader(), new Class<?>[] {ApiRequest.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "pathParam" -> projectId;
                    case "requirePrincipal" -> principal;
                    case "principal" -> Optional.of(principal);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
