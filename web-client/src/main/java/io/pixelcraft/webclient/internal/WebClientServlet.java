package io.pixelcraft.webclient.internal;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the web editor from this bundle at {@code /}. Registered with the servlet pattern
 * {@code /} (the default servlet), so every servlet with a more specific pattern, such as the REST
 * dispatcher under {@code /api/*}, takes precedence. Hashed assets are cached for a year, and
 * {@code index.html} is revalidated with its ETag; client routes get {@code index.html}.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("pixelcraft-webclient")
@HttpWhiteboardServletPattern("/")
public final class WebClientServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(WebClientServlet.class);

    /**
     * Policy for the HTML page: scripts and styles only from this origin, with inline style
     * attributes allowed because React and Konva set element styles; images also from blob: and
     * data: URLs for upload previews and exports. {@link #contentSecurityPolicy} adds the
     * WebSocket origin of the requested host.
     */
    private static final String POLICY_BEFORE_CONNECT = "default-src 'self'; script-src 'self'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' blob: data:; connect-src 'self'";
    private static final String POLICY_AFTER_CONNECT = "; object-src 'none'; base-uri 'self'; "
            + "frame-ancestors 'none'; form-action 'self'";
    /** A host name, IPv4 or bracketed IPv6 address with an optional port: nothing that could end a CSP directive. */
    private static final Pattern SAFE_HOST = Pattern.compile("(?:[A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\])(?::[0-9]{1,5})?");

    /** Contents and ETag of one resource, kept after the first read because bundle entries never change. */
    private record Loaded(byte[] bytes, String etag) {
    }

    private final transient ClassLoader loader;
    private final transient AssetResolver resolver;
    private final transient Map<String, Loaded> cache = new ConcurrentHashMap<>();

    public WebClientServlet() {
        this(WebClientServlet.class.getClassLoader());
    }

    WebClientServlet(ClassLoader loader) {
        this.loader = loader;
        this.resolver = new AssetResolver(resource -> loader.getResource(resource) != null);
        if (loader.getResource(AssetResolver.ROOT + "/" + AssetResolver.INDEX) == null) {
            LOG.error("Web editor assets are missing from the bundle: {}/{} not found; every page will answer 404",
                    AssetResolver.ROOT, AssetResolver.INDEX);
        } else {
            LOG.info("Web editor served at /");
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        send(request, response, true);
    }

    @Override
    protected void doHead(HttpServletRequest request, HttpServletResponse response) throws IOException {
        send(request, response, false);
    }

    private void send(HttpServletRequest request, HttpServletResponse response, boolean withBody) throws IOException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        AssetResolver.Decision decision = resolver.resolve(path);
        if (!(decision instanceof AssetResolver.Serve serve)) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }

        Loaded loaded = load(serve.resource());
        response.setHeader("Cache-Control", serve.cacheControl());
        response.setHeader("ETag", loaded.etag());
        response.setHeader("X-Content-Type-Options", "nosniff");
        if (serve.resource().endsWith(AssetResolver.INDEX)) {
            response.setHeader("Content-Security-Policy", contentSecurityPolicy(request.getHeader("Host")));
            response.setHeader("Referrer-Policy", "same-origin");
        }
        if (loaded.etag().equals(request.getHeader("If-None-Match"))) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }

        response.setContentType(serve.mediaType());
        response.setContentLength(loaded.bytes().length);
        if (withBody) {
            response.getOutputStream().write(loaded.bytes());
        }
    }

    /**
     * Returns the page's policy. CSP Level 3 lets {@code connect-src 'self'} cover WebSockets to
     * the same host, but browsers that follow CSP Level 2 do not match {@code ws:} and
     * {@code wss:} with {@code 'self'}, so the WebSocket origins of the requested host are named
     * too. A Host header that is not a plain host and port adds nothing, so a forged header
     * cannot widen the policy.
     */
    static String contentSecurityPolicy(String host) {
        if (host == null || !SAFE_HOST.matcher(host).matches()) {
            return POLICY_BEFORE_CONNECT + POLICY_AFTER_CONNECT;
        }
        return POLICY_BEFORE_CONNECT + " ws://" + host + " wss://" + host + POLICY_AFTER_CONNECT;
    }

    private Loaded load(String resource) {
        return cache.computeIfAbsent(resource, name -> {
            URL url = loader.getResource(name);
            if (url == null) {
                throw new IllegalStateException("Resource " + name + " disappeared from the bundle");
            }
            try (InputStream in = url.openStream()) {
                byte[] bytes = in.readAllBytes();
                return new Loaded(bytes, etag(bytes));
            } catch (IOException e) {
                throw new UncheckedIOException("Failed to read " + name, e);
            }
        });
    }

    static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JVM", e);
        }
    }
}
