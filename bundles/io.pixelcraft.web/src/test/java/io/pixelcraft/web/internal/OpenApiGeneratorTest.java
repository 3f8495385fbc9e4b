package io.pixelcraft.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pixelcraft.api.document.Op;
import io.pixelcraft.api.web.Access;
import io.pixelcraft.api.web.ApiResponse;
import io.pixelcraft.api.web.BodyLimit;
import io.pixelcraft.api.web.Page;
import io.pixelcraft.api.web.ProjectRole;
import io.pixelcraft.api.web.Route;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenApiGeneratorTest {

    record ProjectSummary(String id, String name, Instant updatedAt) {
    }

    record Rename(String name) {
    }

    private static final List<Route> ROUTES = List.of(
            Route.route("GET", "/api/projects").tag("projects").summary("Lists your projects")
                    .response(200, new Page<>(List.of(new ProjectSummary("p1", "Poster",
                            Instant.parse("2026-01-02T03:04:05Z"))), "c1.abc"))
                    .bodyLimit(BodyLimit.NONE)
                    .handler(request -> ApiResponse.noContent()),
            Route.route("PATCH", "/api/projects/{id}").tag("projects").summary("Renames a project")
                    .access(Access.project(ProjectRole.EDITOR, "id"))
                    .request(new Rename("Poster v2"))
                    .response(200, new ProjectSummary("p1", "Poster v2", Instant.parse("2026-01-02T03:04:05Z")))
                    .handler(request -> ApiResponse.noContent()),
            Route.route("GET", "/api/health").access(Access.anonymous()).bodyLimit(BodyLimit.NONE).tag("health")
                    .handler(request -> ApiResponse.noContent()));

    private final OpenApiGenerator generator = new OpenApiGenerator(new JsonCodec(64, 1000).mapper(), "sid");

    @Test
    void documentListsEveryRoute() {
        ObjectNode document = generator.generate(ROUTES);

        assertThat(document.path("openapi").asText()).isEqualTo("3.1.0");
        List<String> operations = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fieldNames().forEachRemaining(method -> operations.add(method + " " + path.getKey()));
        }
        assertThat(operations).containsExactlyInAnyOrder("get /api/projects", "patch /api/projects/{id}",
                "get /api/health");
    }

    @Test
    void pathParametersAndPagingAreDocumented() {
        ObjectNode document = generator.generate(ROUTES);

        JsonNode patch = document.path("paths").path("/api/projects/{id}").path("patch");
        assertThat(patch.path("parameters").get(0).path("name").asText()).isEqualTo("id");
        assertThat(patch.path("parameters").get(0).path("in").asText()).isEqualTo("path");

        JsonNode list = document.path("paths").path("/api/projects").path("get");
        List<String> names = new ArrayList<>();
        list.path("parameters").forEach(parameter -> names.add(parameter.path("name").asText()));
        assertThat(names).containsExactly("limit", "cursor");
        assertThat(list.path("parameters").get(0).path("schema").path("maximum").asInt()).isEqualTo(Page.MAX_LIMIT);
    }

    @Test
    void schemasAreInferredFromExamples() {
        ObjectNode document = generator.generate(ROUTES);
        JsonNode patch = document.path("paths").path("/api/projects/{id}").path("patch");

        JsonNode requestSchema = patch.path("requestBody").path("content").path("application/json").path("schema");
        assertThat(requestSchema.path("type").asText()).isEqualTo("object");
        assertThat(requestSchema.path("properties").path("name").path("type").asText()).isEqualTo("string");
        assertThat(requestSchema.path("additionalProperties").asBoolean(true)).isFalse();
        assertThat(requestSchema.path("required").get(0).asText()).isEqualTo("name");

        JsonNode responseSchema = patch.path("responses").path("200").path("content").path("application/json")
                .path("schema");
        assertThat(responseSchema.path("properties").path("updatedAt").path("format").asText()).isEqualTo("date-time");
        JsonNode example = patch.path("responses").path("200").path("content").path("application/json").path("example");
        assertThat(example.path("updatedAt").asText()).isEqualTo("2026-01-02T03:04:05Z");
    }

    record OpBatch(List<Op> ops) {
    }

    record Loose(Object anything, String label) {
    }

    private JsonNode opsRequestSchema() {
        Route ops = Route.route("POST", "/api/projects/{id}/ops").tag("projects").summary("Applies ops")
                .access(Access.project(ProjectRole.EDITOR, "id"))
                .request(new OpBatch(List.of(Op.set("client-1:42", "rect-1", Map.of("opacity", 0.5)))))
                .handler(request -> ApiResponse.noContent());
        return generator.generate(List.of(ops)).path("paths").path("/api/projects/{id}/ops").path("post")
                .path("requestBody").path("content").path("application/json").path("schema");
    }

    @Test
    void nestedRequestSchemasAddNoConstraints() {
        JsonNode schema = opsRequestSchema();
        JsonNode op = schema.path("properties").path("ops").path("items");
        JsonNode props = op.path("properties").path("props");

        assertThat(schema.path("required")).extracting(JsonNode::asText).containsExactly("ops");
        assertThat(schema.path("additionalProperties").asBoolean(true)).isFalse();
        assertThat(op.path("type").asText()).isEqualTo("object");
        assertThat(op.has("required")).isFalse();
        assertThat(op.has("additionalProperties")).isFalse();
        assertThat(props.path("properties").path("opacity").path("type").asText()).isEqualTo("number");
        assertThat(props.has("required")).isFalse();
        assertThat(props.has("additionalProperties")).isFalse();
    }

    @Test
    void nullFieldsTypedFromJava() {
        JsonNode op = opsRequestSchema().path("properties").path("ops").path("items").path("properties");

        for (String field : List.of("type", "parent", "key")) {
            assertThat(op.path(field).path("type")).as(field).extracting(JsonNode::asText).containsExactly("string", "null");
            assertThat(op.path(field).has("description")).as(field).isFalse();
        }
        assertThat(op.path("index").path("type")).extracting(JsonNode::asText).containsExactly("integer", "null");
        assertThat(op.path("index").has("description")).isFalse();
    }

    @Test
    void nullOfUnknownTypeStaysUndocumented() {
        ExampleSchemas schemas = new ExampleSchemas(new JsonCodec(64, 1000).mapper());

        JsonNode schema = schemas.infer(new Loose(null, null), false);

        assertThat(schema.path("properties").path("anything").path("description").asText()).contains("not documented");
        assertThat(schema.path("properties").path("label").path("type")).extracting(JsonNode::asText)
                .containsExactly("string", "null");
    }

    @Test
    void errorsReferenceProblemSchema() {
        ObjectNode document = generator.generate(ROUTES);
        JsonNode responses = document.path("paths").path("/api/projects/{id}").path("patch").path("responses");

        for (String status : List.of("400", "401", "403", "404", "413", "415", "500", "503")) {
            assertThat(responses.path(status).path("$ref").asText()).as(status)
                    .isEqualTo("#/components/responses/Problem");
        }
        JsonNode problem = document.path("components").path("schemas").path("Problem");
        assertThat(problem.path("properties").fieldNames()).toIterable()
                .contains("type", "title", "status", "detail", "errors", "requestId");
    }

    @Test
    void securityFollowsAccess() {
        ObjectNode document = generator.generate(ROUTES);

        assertThat(document.path("paths").path("/api/health").path("get").path("security").size()).isZero();
        JsonNode patch = document.path("paths").path("/api/projects/{id}").path("patch");
        assertThat(patch.path("security").size()).isEqualTo(2);
        assertThat(patch.path("x-pixelcraft-access").path("minimumRole").asText()).isEqualTo("editor");
        assertThat(document.path("components").path("securitySchemes").path("sessionCookie").path("name").asText())
                .isEqualTo("sid");
    }

    @Test
    void endpointFollowsLiveRoutes() {
        RouteRegistry registry = new RouteRegistry();
        OpenApiEndpoint endpoint = new OpenApiEndpoint(registry::table, "sid");
        registry.addProvider(1L, "openapi", endpoint);
        registry.addProvider(2L, "projects", () -> ROUTES.subList(0, 2));

        assertThat(endpoint.document().path("paths").has("/api/projects/{id}")).isTrue();
        assertThat(endpoint.document().path("paths").has("/api/openapi.json")).isTrue();

        registry.removeProvider(2L);

        assertThat(endpoint.document().path("paths").has("/api/projects/{id}")).isFalse();
        assertThat(endpoint.document().path("paths").has("/api/openapi.json")).isTrue();
    }

    @Test
    void documentMatchesRouteTable() {
        RouteRegistry registry = new RouteRegistry();
        OpenApiEndpoint endpoint = new OpenApiEndpoint(registry::table, "sid");
        registry.addProvider(1L, "openapi", endpoint);
        registry.addProvider(2L, "examples", () -> ROUTES);
        registry.addProvider(3L, "health", new HealthEndpoint(TestConfigs.health(100, 1)));

        List<String> live = new ArrayList<>();
        registry.table().routes().forEach(registered -> live.add(registered.route().method().toLowerCase()
                + " " + registered.route().path()));
        List<String> documented = new ArrayList<>();
        endpoint.document().path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames()
                .forEachRemaining(method -> documented.add(method + " " + path.getKey())));

        assertThat(documented).containsExactlyInAnyOrderElementsOf(live);
        assertThat(live).contains("get /api/health/ready", "get /api/openapi.json", "patch /api/projects/{id}");
    }

    @Test
    void operationIdsAreReadable() {
        assertThat(OpenApiGenerator.operationId(ROUTES.get(1))).isEqualTo("patchApiProjectsById");
    }
}
