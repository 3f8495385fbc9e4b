package io.pixelcraft.imaging.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixelcraft.api.image.ImageReference;
import io.pixelcraft.api.web.Principal;
import io.pixelcraft.api.web.ProjectRole;
import io.pixelcraft.testing.TestStorage;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageServletTest {

    @TempDir
    Path data;

    private TestStorage storage;
    private ImagingServiceTest.MutableClock clock;
    private ImagingService service;
    private ImageServlet servlet;
    private byte[] bytes;
    private String id;

    @BeforeEach
    void start() throws Exception {
        storage = new TestStorage();
        clock = new ImagingServiceTest.MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
        service = new ImagingService(storage, (caller, access, projectId) -> Optional.empty(), new TestConfig(), clock, data);
        // The session cookie value is the user id; "member" belongs to project p1.
        service.projectAccess = (userId, projectId) -> "member".equals(userId) && "p1".equals(projectId)
                ? Optional.of(ProjectRole.VIEWER) : Optional.empty();
        servlet = new ImageServlet(service,
                request -> Optional.ofNullable(request.getHeader("Cookie"))
                        .map(user -> new Principal(user, user + "@example.com", user, false, Principal.AuthMethod.SESSION, "s")));
        bytes = ImagingServiceTest.png(40, 30, false);
        id = service.upload(new ByteArrayInputStream(bytes), "owner", "a.png").info().sha256();
        service.link(id, ImageReference.project("p1"));
    }

    @AfterEach
    void stop() {
        service.deactivate();
        storage.close();
    }

    @Test
    void privateImageHiddenFromStrangers() throws Exception {
        Response anonymous = get("/" + id, Map.of());
        Response stranger = get("/" + id, Map.of("Cookie", "stranger"));

        assertThat(anonymous.status).isEqualTo(404);
        assertThat(stranger.status).isEqualTo(404);
        assertThat(anonymous.body.toString()).doesNotContain("PNG");
    }

    @Test
    void memberGetsPrivateImmutableImage() throws Exception {
        Response response = get("/" + id, Map.of("Cookie", "member"));

        assertThat(response.status).isEqualTo(200);
        assertThat(response.body.toByteArray()).isEqualTo(bytes);
        assertThat(response.headers.get("Content-Type")).isEqualTo("image/png");
        assertThat(response.headers.get("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(response.headers.get("Cache-Control")).isEqualTo("private, max-age=31536000, immutable");
        assertThat(response.headers.get("ETag")).isEqualTo("\"" + id + "\"");
    }

    @Test
    void publicImageCacheableByAnyone() throws Exception {
        service.link(id, new ImageReference(ImageReference.Kind.PUBLIC, "gallery"));

        Response response = get("/" + id, Map.of());

        assertThat(response.status).isEqualTo(200);
        assertThat(response.headers.get("Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
    }

    @Test
    void matchingEtagGives304() throws Exception {
        Response response = get("/" + id, Map.of("Cookie", "owner", "If-None-Match", "\"" + id + "\""));

        assertThat(response.status).isEqualTo(304);
        assertThat(response.body.size()).isZero();
    }

    @Test
    void rangesGive206And416() throws Exception {
        Response first = get("/" + id, Map.of("Cookie", "owner", "Range", "bytes=0-9"));
        Response suffix = get("/" + id, Map.of("Cookie", "owner", "Range", "bytes=-4"));
        Response outside = get("/" + id, Map.of("Cookie", "owner", "Range", "bytes=" + bytes.length + "-"));
        Response staleIfRange = get("/" + id, Map.of("Cookie", "owner", "Range", "bytes=0-9", "If-Range", "\"other\""));

        assertThat(first.status).isEqualTo(206);
        assertThat(first.headers.get("Content-Range")).isEqualTo("bytes 0-9/" + bytes.length);
        assertThat(first.body.toByteArray()).isEqualTo(java.util.Arrays.copyOf(bytes, 10));
        assertThat(suffix.status).isEqualTo(206);
        assertThat(suffix.body.toByteArray()).isEqualTo(java.util.Arrays.copyOfRange(bytes, bytes.length - 4, bytes.length));
        assertThat(outside.status).isEqualTo(416);
        assertThat(outside.headers.get("Content-Range")).isEqualTo("bytes */" + bytes.length);
        assertThat(staleIfRange.status).isEqualTo(200);
        assertThat(staleIfRange.body.size()).isEqualTo(bytes.length);
    }

    @Test
    void signedUrlServesUntilExpiry() throws Exception {
        String signed = service.signedPath(id, 256, Duration.ofMinutes(10));
        Map<String, String> query = new HashMap<>();
        for (String pair : signed.substring(signed.indexOf('?') + 1).split("&")) {
            query.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }

        Response fresh = get("/" + id + "/thumb/256", Map.of(), query);
        clock.advance(Duration.ofMinutes(11));
        Response expired = get("/" + id + "/thumb/256", Map.of(), query);

        assertThat(fresh.status).isEqualTo(200);
        assertThat(fresh.headers.get("Content-Type")).isEqualTo("image/jpeg");
        assertThat(fresh.headers.get("Cache-Control")).isEqualTo("public, max-age=600, immutable");
        assertThat(fresh.headers.get("ETag")).isEqualTo("\"" + id + "-t256-v1\"");
        assertThat(expired.status).isEqualTo(404);
    }

    @Test
    void invalidPathsGive404() throws Exception {
        assertThat(get("/../../etc/passwd", Map.of()).status).isEqualTo(404);
        assertThat(get("/" + id + "/thumb/300", Map.of("Cookie", "owner")).status).isEqualTo(404);
        assertThat(get("/" + "0".repeat(64), Map.of("Cookie", "owner")).status).isEqualTo(404);
    }

    /** A captured response. */
    private static final class Response {
        int status = 200;
        final Map<String, String> headers = new HashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
    }

    private Response get(String pathInfo, Map<String, String> headers) throws Exception {
        return get(pathInfo, headers, Map.of());
    }

    private Response get(String pathInfo, Map<String, String> headers, Map<String, String> parameters) throws Exception {
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getPathInfo" -> pathInfo;
                    case "getMethod" -> "GET";
                    case "getHeader" -> headers.get((String) args[0]);
                    case "getParameter" -> parameters.get((String) args[0]);
                    default -> null;
                });
        Response captured = new Response();
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
            }

            @Override
            public void write(int b) {
                captured.body.write(b);
            }
        };
        HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "setStatus" -> captured.status = (Integer) args[0];
                        case "setHeader" -> captured.headers.put((String) args[0], (String) args[1]);
                        case "setContentType" -> captured.headers.put("Content-Type", (String) args[0]);
                        case "getOutputStream" -> {
                            return out;
                        }
                        default -> {
                        }
                    }
                    return null;
                });
        servlet.doGet(request, response);
        return captured;
    }
}
