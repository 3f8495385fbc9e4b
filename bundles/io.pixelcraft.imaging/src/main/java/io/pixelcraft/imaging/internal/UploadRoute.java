package io.pixelcraft.imaging.internal;

import io.pixelcraft.api.image.ImageInfo;
import io.pixelcraft.api.image.ImageReference;
import io.pixelcraft.api.web.Access;
import io.pixelcraft.api.web.ApiException;
import io.pixelcraft.api.web.ApiRequest;
import io.pixelcraft.api.web.ApiResponse;
import io.pixelcraft.api.web.Authorizer;
import io.pixelcraft.api.web.BodyLimit;
import io.pixelcraft.api.web.Principal;
import io.pixelcraft.api.web.ProjectRole;
import io.pixelcraft.api.web.Route;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/images}: the raw image bytes as the request body (not multipart), with optional
 * query parameters {@code projectId} (the caller must be an editor of it) and {@code name} (the
 * original file name, kept only as sanitised metadata).
 */
final class UploadRoute {

    private static final Logger LOG = LoggerFactory.getLogger(UploadRoute.class);
    private static final Pattern PROJECT_ID = Pattern.compile("[A-Za-z0-9._\\-]{1,128}");

    private final ImagingService service;
    private final Authorizer authorizer;

    UploadRoute(ImagingService service, Authorizer authorizer) {
        this.service = service;
        this.authorizer = authorizer;
    }

    List<Route> routes() {
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("id", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
        example.put("width", 1800);
        example.put("height", 1200);
        example.put("mediaType", "image/jpeg");
        example.put("bytes", 349915);
        example.put("hasAlpha", false);
        example.put("url", "/images/9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
        return List.of(Route.route("POST", "/api/images")
                .access(Access.authenticated())
                .bodyLimit(BodyLimit.STREAM)
                .tag("images")
                .summary("Upload an image (raw bytes as the body); ?projectId links it to a project, ?name keeps the file name")
                .response(201, example)
                .handler(this::upload));
    }

    private ApiResponse upload(ApiRequest request) throws Exception {
        Principal caller = request.requirePrincipal();
        Optional<String> projectId = queryParameter(request, "projectId");
        if (projectId.isPresent()) {
            if (!PROJECT_ID.matcher(projectId.get()).matches()) {
                throw ApiException.invalidField("projectId", "pattern",
                        "Invalid projectId '" + projectId.get() + "': use 1 to 128 letters, digits, '.', '_' or '-'");
            }
            // 404 when the caller cannot see the project, 403 when below editor.
            authorizer.authorize(Optional.of(caller), Access.project(ProjectRole.EDITOR, "projectId"), projectId.get());
        }
        rejectDeclaredOversize(request);

        ImageRepository.Stored stored;
        try {
            stored = service.upload(request.bodyStream(), caller.userId(), queryParameter(request, "name").orElse(null));
        } catch (ImageRejectedException e) {
            LOG.info("Upload rejected with {} for user {} (request {}): {}", e.status(), caller.userId(),
                    request.requestId(), e.getMessage());
            throw toApiException(e);
        } catch (MemoryBudget.BusyException e) {
            LOG.warn("Upload deferred for user {} (request {}): {}", caller.userId(), request.requestId(), e.getMessage());
            throw ApiException.unavailable(e.getMessage(), 5);
        }

        ImageInfo info = stored.info();
        if (projectId.isPresent()) {
            try {
                service.link(info.sha256(), ImageReference.project(projectId.get()));
            } catch (NoSuchElementException e) {
                // The cleanup removed this very image between the store and the link.
                LOG.warn("Image {} was removed while being linked to project {} (request {})", info.sha256(),
                        projectId.get(), request.requestId());
                throw ApiException.unavailable("The image was being cleaned up; upload it again", 1);
            }
        }
        return ApiResponse.created(body(info)).withHeader("Location", ImageServlet.path(info.sha256(), 0));
    }

    /**
     * Returns a parameter of the query string only. {@link ApiRequest#query} goes through the
     * servlet's parameter map, which also parses a body sent as {@code application/x-www-form-urlencoded}
     * (curl's default for {@code --data-binary}): on an image body Jetty then fails with a 400 that
     * escapes as a 500, and it would consume the stream this route needs.
     */
    static Optional<String> queryParameter(ApiRequest request, String name) {
        String query = request.servletRequest().getQueryString();
        if (query == null) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            if (URLDecoder.decode(key, StandardCharsets.UTF_8).equals(name)) {
                return Optional.of(equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    private void rejectDeclaredOversize(ApiRequest request) {
        Optional<String> length = request.header("Content-Length");
        if (length.isEmpty()) {
            return;
        }
        try {
            long declared = Long.parseLong(length.get().strip());
            if (declared > service.maxUploadBytes()) {
                throw ApiException.payloadTooLarge("The upload declares " + declared + " bytes; the limit is "
                        + service.maxUploadBytes() + " bytes");
            }
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("Invalid Content-Length '" + length.get() + "'");
        }
    }

    static Map<String, Object> body(ImageInfo info) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", info.sha256());
        body.put("width", info.width());
        body.put("height", info.height());
        body.put("mediaType", info.mediaType());
        body.put("bytes", info.bytes());
        body.put("hasAlpha", info.hasAlpha());
        body.put("url", ImageServlet.path(info.sha256(), 0));
        body.put("thumbnails", Map.of("256", ImageServlet.path(info.sha256(), 256),
                "1024", ImageServlet.path(info.sha256(), 1024)));
        return body;
    }

    static ApiException toApiException(ImageRejectedException e) {
        return switch (e.status()) {
            case 413 -> ApiException.payloadTooLarge(e.getMessage());
            case 415 -> ApiException.unsupportedMediaType(e.getMessage());
            default -> ApiException.unprocessable(e.getMessage());
        };
    }
}
