package io.pixelcraft.imaging.internal;

import io.pixelcraft.api.image.ImageInfo;
import io.pixelcraft.api.image.ImageReference;
import io.pixelcraft.api.storage.StorageUnavailableException;
import io.pixelcraft.api.web.ApiException;
import io.pixelcraft.api.web.Authenticator;
import io.pixelcraft.api.web.Principal;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code /images/{sha256}} and {@code /images/{sha256}/thumb/{256|1024}}.
 *
 * <p>Who may read: anyone for images with a {@code PUBLIC} reference or a valid signed URL (both
 * cacheable by shared caches); otherwise the uploader, administrators and members of a project
 * that references the image ({@code Cache-Control: private}). Everyone else gets 404, so image ids
 * do not leak which images exist. Content is addressed by hash, so the ETag is strong and the
 * response never changes: {@code immutable}.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/images/*")
public final class ImageServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ImageServlet.class);
    private static final Pattern PATH = Pattern.compile("/([0-9a-f]{64})(?:/thumb/(256|1024))?");
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
    private static final long ONE_YEAR_SECONDS = 31_536_000;

    private final transient ImagingService service;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Authenticator authenticator;

    @org.osgi.service.component.annotations.Activate
    public ImageServlet(@Reference ImagingService service) {
        this.service = service;
    }

    ImageServlet(ImagingService service, Authenticator authenticator) {
        this.service = service;
        this.authenticator = authenticator;
    }

    /** Returns the delivery path of an image ({@code thumbSize} 0) or of one of its thumbnails. */
    static String path(String sha256, int thumbSize) {
        return thumbSize == 0 ? "/images/" + sha256 : "/images/" + sha256 + "/thumb/" + thumbSize;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            serveImage(request, response);
        } catch (StorageUnavailableException e) {
            LOG.warn("Image request {} failed: the store is unavailable: {}", request.getPathInfo(), e.getMessage());
            response.setHeader("Retry-After", "5");
            sendError(response, 503, "Service unavailable", "The image store is unavailable; retry in a few seconds");
        }
    }

    private void serveImage(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Matcher matcher = PATH.matcher(request.getPathInfo() == null ? "" : request.getPathInfo());
        if (!matcher.matches()) {
            sendError(response, 404, "Not found", "No image at this path: use /images/<sha256> or /images/<sha256>/thumb/256 or 1024");
            return;
        }
        String sha256 = matcher.group(1);
        int thumbSize = matcher.group(2) == null ? 0 : Integer.parseInt(matcher.group(2));

        Optional<ImageInfo> info = service.repository().find(sha256);
        Optional<String> cacheControl = info.flatMap(image -> cacheControl(request, image, thumbSize));
        if (cacheControl.isEmpty()) {
            sendError(response, 404, "Not found", "No image " + sha256 + " that you may read");
            return;
        }

        Optional<ImageRepository.StoredFile> file;
        try {
            file = thumbSize == 0 ? service.repository().file(sha256, 0) : service.thumbnails().ensure(sha256, thumbSize);
        } catch (ImageRejectedException | MemoryBudget.BusyException e) {
            LOG.warn("Making preview {} of image {} failed: {}", thumbSize, sha256, e.getMessage());
            response.setHeader("Retry-After", "5");
            sendError(response, 503, "Service unavailable", "The preview is not ready; retry in a few seconds");
            return;
        }
        if (file.isEmpty()) {
            sendError(response, 404, "Not found", "No image " + sha256);
            return;
        }
        serve(request, response, file.get(), etag(sha256, thumbSize), cacheControl.get());
    }

    /** Returns the Cache-Control value when the caller may read the image, otherwise empty. */
    private Optional<String> cacheControl(HttpServletRequest request, ImageInfo image, int thumbSize) {
        String signedPath = path(image.sha256(), thumbSize);
        if (service.verifySignature(signedPath, request.getParameter("exp"), request.getParameter("sig"))) {
            long remaining = Long.parseLong(request.getParameter("exp")) - service.now().getEpochSecond();
            return Optional.of("public, max-age=" + Math.min(remaining, ONE_YEAR_SECONDS) + ", immutable");
        }
        Set<ImageReference> references = service.repository().references(image.sha256());
        if (ImagingService.isPublic(references)) {
            return Optional.of("public, max-age=" + ONE_YEAR_SECONDS + ", immutable");
        }
        Optional<Principal> caller = authenticate(request);
        if (caller.isPresent() && service.mayRead(caller.get(), image, references)) {
            return Optional.of("private, max-age=" + ONE_YEAR_SECONDS + ", immutable");
        }
        return Optional.empty();
    }

    private Optional<Principal> authenticate(HttpServletRequest request) {
        Authenticator current = authenticator;
        if (current == null) {
            return Optional.empty();
        }
        try {
            return current.authenticate(request);
        } catch (ApiException e) {
            // An expired or invalid credential reads like no credential: only public images.
            return Optional.empty();
        }
    }

    private void serve(HttpServletRequest request, HttpServletResponse response, ImageRepository.StoredFile file,
            String etag, String cacheControl) throws IOException {
        response.setHeader("ETag", etag);
        response.setHeader("Cache-Control", cacheControl);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Content-Security-Policy", "default-src 'none'; sandbox");
        response.setHeader("Accept-Ranges", "bytes");
        if (matchesEtag(request.getHeader("If-None-Match"), etag)) {
            response.setStatus(304);
            return;
        }
        response.setContentType(file.mediaType());

        long length = file.bytes();
        long start = 0;
        long end = length - 1;
        String range = request.getHeader("Range");
        String ifRange = request.getHeader("If-Range");
        if (range != null && (ifRange == null || ifRange.equals(etag))) {
            Matcher matcher = RANGE.matcher(range.strip());
            if (matcher.matches() && !(matcher.group(1).isEmpty() && matcher.group(2).isEmpty())) {
                long[] bounds = bounds(matcher.group(1), matcher.group(2), length);
                if (bounds == null) {
                    response.setHeader("Content-Range", "bytes */" + length);
                    sendError(response, 416, "Range not satisfiable", "The image has " + length + " bytes");
                    return;
                }
                start = bounds[0];
                end = bounds[1];
                response.setStatus(206);
                response.setHeader("Content-Range", "bytes " + start + "-" + end + "/" + length);
            }
            // Other forms, such as several ranges, get the whole image with 200, as RFC 9110 allows.
        }
        response.setContentLengthLong(end - start + 1);
        if ("HEAD".equals(request.getMethod())) {
            return;
        }
        try (InputStream in = service.repository().open(file.fileId())) {
            in.skipNBytes(start);
            copy(in, response.getOutputStream(), end - start + 1);
        }
    }

    /** Returns {start, end} inclusive, or null when the range is not satisfiable. */
    static long[] bounds(String first, String last, long length) {
        if (first.isEmpty()) {
            long suffix = Long.parseLong(last);
            if (suffix == 0 || length == 0) {
                return null;
            }
            return new long[] {Math.max(0, length - suffix), length - 1};
        }
        long start = Long.parseLong(first);
        long end = last.isEmpty() ? length - 1 : Math.min(Long.parseLong(last), length - 1);
        if (start >= length || end < start) {
            return null;
        }
        return new long[] {start, end};
    }

    private static void copy(InputStream in, OutputStream out, long count) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long remaining = count;
        while (remaining > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
            if (read < 0) {
                throw new IOException("Stored image ended " + remaining + " bytes early");
            }
            out.write(buffer, 0, read);
            remaining -= read;
        }
    }

    static boolean matchesEtag(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String value = candidate.strip();
            if (value.equals("*") || value.equals(etag) || value.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }

    static String etag(String sha256, int thumbSize) {
        // Previews carry a version so a change of the scaling code can give them new tags.
        return thumbSize == 0 ? "\"" + sha256 + "\"" : "\"" + sha256 + "-t" + thumbSize + "-v1\"";
    }

    private static void sendError(HttpServletResponse response, int status, String title, String detail)
            throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Cache-Control", "no-store");
        String json = "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
