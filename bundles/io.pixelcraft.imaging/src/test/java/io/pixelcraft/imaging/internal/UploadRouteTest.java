package io.pixelcraft.imaging.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pixelcraft.api.image.ImageReference;
import io.pixelcraft.api.web.Access;
import io.pixelcraft.api.web.ApiException;
import io.pixelcraft.api.web.ApiRequest;
import io.pixelcraft.api.web.ApiResponse;
import io.pixelcraft.api.web.Authorizer;
import io.pixelcraft.api.web.Principal;
import io.pixelcraft.api.web.ProjectRole;
import io.pixelcraft.api.web.Route;
import io.pixelcraft.testing.TestStorage;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayInputStream;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadRouteTest {

    private static final Principal CALLER =
            new Principal("user-1", "u@example.com", "User", false, Principal.AuthMethod.TOKEN, "t1");

    @TempDir
    Path data;

    private TestStorage storage;
    private ImagingService service;
    private Route route;

    @BeforeEach
    void start() throws Exception {
        storage = new TestStorage();
        // Mirrors the platform authorizer: 404 for projects the caller cannot see, 403 below editor.
        Authorizer authorizer = (caller, access, projectId) -> {
            assertThat(access.level()).isEqualTo(Access.Level.PROJECT);
            assertThat(access.minimumRole()).isEqualTo(ProjectRole.EDITOR);
            return switch (projectId) {
                case "mine" -> Optional.of(ProjectRole.OWNER);
                case "viewed" -> throw ApiException.forbidden("Editor role required");
                default -> throw ApiException.notFound("No project " + projectId);
            };
        };
        service = new ImagingService(storage, authorizer, new TestConfig(),
                new ImagingServiceTest.MutableClock(Instant.parse("2026-12-01T10:00:00Z")), data);
        route = service.routes().get(0);
    }

    @AfterEach
    void stop() {
        service.deactivate();
        storage.close();
    }

    @Test
    void routeIsStreamedPost() {
        assertThat(route.method()).isEqualTo("POST");
        assertThat(route.path()).isEqualTo("/api/images");
        assertThat(route.bodyLimit()).isEqualTo(io.pixelcraft.api.web.BodyLimit.STREAM);
        assertThat(route.access()).isEqualTo(Access.authenticated());
    }

    @Test
    void uploadLinksEditableProject() throws Exception {
        byte[] png = ImagingServiceTest.png(20, 10, false);

        ApiResponse response = route.handler().handle(request(png, "projectId=mine&name=..%2Fx.png", Map.of()));

        assertThat(response.status()).isEqualTo(201);
        @SuppressWarnings("unchecked")
        Map<String, Object> body = (Map<String, Object>) response.body();
        String id = (String) body.get("id");
        assertThat(body.get("width")).isEqualTo(20);
        assertThat(body.get("height")).isEqualTo(10);
        assertThat(body.get("mediaType")).isEqualTo("image/png");
        assertThat(response.headers().get("Location")).isEqualTo("/images/" + id);
        assertThat(service.references(id)).containsExactly(ImageReference.project("mine"));
        assertThat(service.find(id).orElseThrow().originalName()).isEqualTo("x.png");
    }

    @Test
    void uploadToOthersProjectRejected() throws Exception {
        byte[] png = ImagingServiceTest.png(20, 10, false);

        assertThatThrownBy(() -> route.handler().handle(request(png, "projectId=viewed", Map.of())))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(403));
        assertThatThrownBy(() -> route.handler().handle(request(png, "projectId=hidden", Map.of())))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThatThrownBy(() -> route.handler().handle(request(png, "projectId=..%2F..", Map.of())))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThat(storage.database().getCollection("images").countDocuments()).isZero();
    }

    @Test
    void decodeTimeoutReturns503() throws Exception {
        TestConfig hasty = new TestConfig() {
            @Override
            public long decodeTimeoutMillis() {
                return 1;
            }
        };
        ImagingService slow = new ImagingService(storage, (caller, access, projectId) -> Optional.of(ProjectRole.OWNER),
                hasty, new ImagingServiceTest.MutableClock(Instant.parse("2026-12-01T10:00:00Z")), data.resolve("slow"));
        java.awt.image.BufferedImage noise = new java.awt.image.BufferedImage(3000, 2000, java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 2000; y++) {
            for (int x = 0; x < 3000; x++) {
                noise.setRGB(x, y, (x * 31 ^ y * 17) & 0xffffff);
            }
        }
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(noise, "png", png);

        try {
            assertThatThrownBy(() -> slow.routes().get(0).handler().handle(request(png.toByteArray(), null, Map.of())))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.status()).isEqualTo(503);
                        assertThat(e.headers()).containsKey("Retry-After");
                        assertThat(e.detail()).contains("took longer than 1 ms");
                    });
        } finally {
            slow.deactivate();
        }
    }

    @Test
    void rejectionsMapToStatuses() {
        byte[] svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"/>".getBytes(java.nio.charset.StandardCharsets.UTF_8);

        assertThatThrownBy(() -> route.handler().handle(request(svg, null, Map.of())))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(415));
        assertThatThrownBy(() -> route.handler().handle(request(new byte[0], null, Map.of())))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(422));
        assertThatThrownBy(() -> route.handler().handle(request(new byte[10], null,
                Map.of("Content-Length", Long.toString(60L * 1024 * 1024)))))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(413));
    }

    @Test
    void repeatedUploadLooksLikeFirst() throws Exception {
        byte[] png = ImagingServiceTest.png(40, 30, false);
        Principal second = new Principal("user-2", "v@example.com", "Other", false, Principal.AuthMethod.TOKEN, "t2");

        ApiResponse first = route.handler().handle(request(CALLER, png, "name=first.png", Map.of()));
        ApiResponse repeated = route.handler().handle(request(second, png, "name=same.png", Map.of()));

        assertThat(repeated.status()).isEqualTo(first.status()).isEqualTo(201);
        assertThat(repeated.body()).isEqualTo(first.body());
        assertThat(repeated.headers()).isEqualTo(first.headers());
        String id = (String) ((Map<?, ?>) repeated.body()).get("id");
        assertThat(service.mayRead(second, id)).isTrue();
        assertThat(service.mayRead(CALLER, id)).isTrue();
        assertThat(service.isUploader(id, "user-2")).isTrue();
        assertThat(service.isUploader(id, "user-3")).isFalse();
    }

    private static ApiRequest request(byte[] body, String queryString, Map<String, String> headers) {
        return request(CALLER, body, queryString, headers);
    }

    private static ApiRequest request(Principal caller, byte[] body, String queryString, Map<String, String> headers) {
        HttpServletRequest servlet = (HttpServletRequest) Proxy.newProxyInstance(UploadRouteTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) ->
                        "getQueryString".equals(method.getName()) ? queryString : null);
        return (ApiRequest) Proxy.newProxyInstance(UploadRouteTest.class.getClassLoader(),
                new Class<?>[] {ApiRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "requirePrincipal" -> caller;
                    case "principal" -> Optional.of(caller);
                    case "bodyStream" -> new ByteArrayInputStream(body);
                    case "header" -> Optional.ofNullable(headers.get((String) args[0]));
                    case "servletRequest" -> servlet;
                    case "requestId" -> "request-1";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
