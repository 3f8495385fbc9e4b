package io.pixelcraft.itests;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;

/** Users, projects and the route list of a running distribution, for tests that call its REST API. */
final class ApiFixture {

    record User(String id, String email, String token) {
    }

    private final ApiClient api;

    ApiFixture(ApiClient api) {
        this.api = api;
    }

    /** Registers a user with a unique email and returns it with a personal access token. */
    User register(String name) throws IOException, InterruptedException {
        String email = name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        String json = "{\"email\":\"" + email + "\",\"password\":\"fixture-Password-" + name
                + "\",\"displayName\":\"" + name + "\"}";
        HttpResponse<String> registered = api.send("POST", "/api/auth/register", json, null);
        assertEquals(registered.body(), 201, registered.statusCode());
        Document body = Document.parse(registered.body());
        String userId = body.get("user", Document.class).getString("id");
        String cookie = registered.headers().allValues("set-cookie").stream()
                .map(value -> value.substring(0, value.indexOf(';')))
                .reduce((a, b) -> a + "; " + b).orElseThrow();

        HttpResponse<String> created = api.send("POST", "/api/me/tokens", "{\"name\":\"fixture\"}", null,
                cookie, body.getString("csrfToken"));
        assertEquals(created.body(), 201, created.statusCode());
        return new User(userId, email, Document.parse(created.body()).getString("token"));
    }

    /** Creates a project owned by {@code owner} with the given members and returns its id. */
    String newProject(User owner, Map<User, String> members) throws IOException, InterruptedException {
        String id = api.expect(201, "POST", "/api/projects", "{\"name\":\"Fixture\"}", owner.token()).getString("id");
        for (Map.Entry<User, String> member : members.entrySet()) {
            api.expect(200, "PUT", "/api/projects/" + id + "/members/" + member.getKey().id(),
                    "{\"role\":\"" + member.getValue() + "\"}", owner.token());
        }
        return id;
    }

    /** Returns every route in the OpenAPI document, mapped to whether it takes a request body. */
    Map<String, Boolean> liveRoutes() throws IOException, InterruptedException {
        Document paths = api.expect(200, "GET", "/api/openapi.json", null, null).get("paths", Document.class);
        Map<String, Boolean> routes = new LinkedHashMap<>();
        for (Map.Entry<String, Object> path : paths.entrySet()) {
            Document operations = (Document) path.getValue();
            for (String method : operations.keySet()) {
                if (List.of("get", "post", "put", "patch", "delete").contains(method)) {
                    boolean takesBody = operations.get(method, Document.class).containsKey("requestBody");
                    routes.put(method.toUpperCase() + " " + path.getKey(), takesBody);
                }
            }
        }
        return routes;
    }
}
