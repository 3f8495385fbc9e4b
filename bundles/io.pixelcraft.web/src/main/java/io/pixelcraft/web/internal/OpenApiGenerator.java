package io.pixelcraft.web.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pixelcraft.api.web.Access;
import io.pixelcraft.api.web.BodyLimit;
import io.pixelcraft.api.web.Page;
import io.pixelcraft.api.web.Route;
import java.util.List;
import java.util.Locale;

/**
 * Builds the OpenAPI 3.1 document from the live route table. Schemas are inferred from each
 * route's examples by {@link ExampleSchemas}: they show the shape of a body, and only the top level
 * of a request body gets {@code required} and {@code additionalProperties: false}.
 */
final class OpenApiGenerator {

    static final String OPENAPI_VERSION = "3.1.0";

    /** Version of the REST contract, the version of the {@code io.pixelcraft.api.web} package. */
    static final String API_VERSION = "1.0.0";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ObjectMapper mapper;
    private final String sessionCookieName;
    private final ExampleSchemas schemas;

    OpenApiGenerator(ObjectMapper mapper, String sessionCookieName) {
        this.mapper = mapper;
        this.sessionCookieName = sessionCookieName;
        this.schemas = new ExampleSchemas(mapper);
    }

    ObjectNode generate(List<Route> routes) {
        ObjectNode document = NODES.objectNode();
        document.put("openapi", OPENAPI_VERSION);
        ObjectNode info = document.putObject("info");
        info.put("title", "PixelCraft REST API");
        info.put("version", API_VERSION);
        info.put("description", "Generated from the routes of the bundles running now. Errors are "
                + "application/problem+json (RFC 9457); collections are paged with limit, cursor and next.");
        document.putArray("servers").addObject().put("url", "/");

        ObjectNode paths = document.putObject("paths");
        for (Route route : routes) {
            ObjectNode pathItem = paths.has(route.path()) ? (ObjectNode) paths.get(route.path())
                    : paths.putObject(route.path());
            pathItem.set(route.method().toLowerCase(Locale.ROOT), operation(route));
        }
        document.set("components", components());
        return document;
    }

    private ObjectNode operation(Route route) {
        ObjectNode operation = NODES.objectNode();
        operation.putArray("tags").add(route.tag());
        operation.put("summary", route.summary());
        operation.put("operationId", operationId(route));

        ArrayNode parameters = operation.putArray("parameters");
        for (String name : new PathTemplate(route.path()).parameterNames()) {
            ObjectNode parameter = parameters.addObject();
            parameter.put("name", name);
            parameter.put("in", "path");
            parameter.put("required", true);
            parameter.putObject("schema").put("type", "string");
        }
        if (isPaged(route.responseExample())) {
            addPagingParameters(parameters);
        }

        requestBody(route, operation);
        operation.set("responses", responses(route));
        security(route.access(), operation);
        return operation;
    }

    private void requestBody(Route route, ObjectNode operation) {
        if (route.bodyLimit() == BodyLimit.STREAM) {
            ObjectNode body = operation.putObject("requestBody");
            body.put("required", true);
            body.putObject("content").putObject("application/octet-stream").putObject("schema")
                    .put("type", "string").put("contentMediaType", "application/octet-stream");
        } else if (route.requestExample() != null) {
            JsonNode example = mapper.valueToTree(route.requestExample());
            ObjectNode body = operation.putObject("requestBody");
            body.put("required", true);
            ObjectNode media = body.putObject("content").putObject("application/json");
            media.set("schema", schemas.infer(route.requestExample(), true));
            media.set("example", example);
        }
    }

    private ObjectNode responses(Route route) {
        ObjectNode responses = NODES.objectNode();
        ObjectNode success = responses.putObject(Integer.toString(route.successStatus()));
        success.put("description", route.summary().isEmpty() ? "Success" : route.summary());
        if (route.responseExample() != null) {
            JsonNode example = mapper.valueToTree(route.responseExample());
            ObjectNode media = success.putObject("content").putObject("application/json");
            media.set("schema", schemas.infer(route.responseExample(), false));
            media.set("example", example);
        }

        boolean hasBody = route.bodyLimit() != BodyLimit.NONE;
        if (hasBody || !new PathTemplate(route.path()).parameterNames().isEmpty() || isPaged(route.responseExample())) {
            problemRef(responses, "400");
        }
        switch (route.access().level()) {
            case AUTHENTICATED -> problemRef(responses, "401");
            case ADMIN -> {
                problemRef(responses, "401");
                problemRef(responses, "403");
            }
            case PROJECT -> {
                problemRef(responses, "401");
                problemRef(responses, "403");
                problemRef(responses, "404");
            }
            case ANONYMOUS -> {
            }
        }
        if (hasBody) {
            problemRef(responses, "413");
        }
        if (route.requestExample() != null) {
            problemRef(responses, "415");
        }
        problemRef(responses, "500");
        problemRef(responses, "503");
        return responses;
    }

    private void security(Access access, ObjectNode operation) {
        ObjectNode extension = operation.putObject("x-pixelcraft-access");
        extension.put("level", access.level().name().toLowerCase(Locale.ROOT));
        if (access.level() == Access.Level.PROJECT) {
            extension.put("minimumRole", access.minimumRole().jsonName());
            extension.put("projectParameter", access.projectParam());
        }
        ArrayNode security = operation.putArray("security");
        if (access.level() == Access.Level.ANONYMOUS) {
            return;
        }
        security.addObject().putArray("bearerToken");
        security.addObject().putArray("sessionCookie");
    }

    private ObjectNode components() {
        ObjectNode components = NODES.objectNode();
        ObjectNode problem = components.putObject("schemas").putObject("Problem");
        problem.put("type", "object");
        problem.put("description", "RFC 9457 problem details; 'type' ends with a stable error code");
        ObjectNode properties = problem.putObject("properties");
        properties.putObject("type").put("type", "string").put("format", "uri");
        properties.putObject("title").put("type", "string");
        properties.putObject("status").put("type", "integer");
        properties.putObject("detail").put("type", "string");
        properties.putObject("requestId").put("type", "string");
        ObjectNode violation = properties.putObject("errors").put("type", "array").putObject("items");
        violation.put("type", "object");
        ObjectNode violationProperties = violation.putObject("properties");
        violationProperties.putObject("field").put("type", "string");
        violationProperties.putObject("rule").put("type", "string");
        violationProperties.putObject("message").put("type", "string");
        problem.putArray("required").add("type").add("title").add("status").add("detail").add("requestId");

        ObjectNode problemResponse = components.putObject("responses").putObject("Problem");
        problemResponse.put("description", "Error as application/problem+json");
        problemResponse.putObject("content").putObject("application/problem+json").putObject("schema")
                .put("$ref", "#/components/schemas/Problem");

        ObjectNode schemes = components.putObject("securitySchemes");
        schemes.putObject("bearerToken").put("type", "http").put("scheme", "bearer")
                .put("description", "Personal access token");
        schemes.putObject("sessionCookie").put("type", "apiKey").put("in", "cookie").put("name", sessionCookieName)
                .put("description", "Browser session; state-changing requests also need the CSRF token");
        return components;
    }

    /** Returns whether a response example has the shape of a {@link Page}: {@code items} and {@code next}. */
    private boolean isPaged(Object responseExample) {
        if (responseExample == null) {
            return false;
        }
        if (responseExample instanceof Page<?>) {
            return true;
        }
        JsonNode example = mapper.valueToTree(responseExample);
        return example.isObject() && example.has("items") && example.has("next");
    }

    private static void addPagingParameters(ArrayNode parameters) {
        ObjectNode limit = parameters.addObject();
        limit.put("name", "limit");
        limit.put("in", "query");
        limit.put("required", false);
        limit.put("description", "Maximum number of items to return");
        limit.putObject("schema").put("type", "integer").put("minimum", 1).put("maximum", Page.MAX_LIMIT)
                .put("default", Page.DEFAULT_LIMIT);
        ObjectNode cursor = parameters.addObject();
        cursor.put("name", "cursor");
        cursor.put("in", "query");
        cursor.put("required", false);
        cursor.put("description", "The 'next' value of the previous page; omit it for the first page");
        cursor.putObject("schema").put("type", "string");
    }

    private static void problemRef(ObjectNode responses, String status) {
        responses.putObject(status).put("$ref", "#/components/responses/Problem");
    }

    /** Builds an operation id such as {@code getApiProjectsById} from the method and path. */
    static String operationId(Route route) {
        StringBuilder id = new StringBuilder(route.method().toLowerCase(Locale.ROOT));
        for (String segment : route.path().substring(1).split("/")) {
            boolean parameter = segment.startsWith("{");
            String word = parameter ? segment.substring(1, segment.length() - 1) : segment;
            if (parameter) {
                id.append("By");
            }
            for (String part : word.split("[^A-Za-z0-9]+")) {
                if (!part.isEmpty()) {
                    id.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
                }
            }
        }
        return id.toString();
    }
}
