package io.pixelcraft.web.internal;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletErrorPage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Error page for every 4xx and 5xx that a servlet or the container raises with
 * {@code sendError} or an uncaught exception, so that neither Jetty's default page nor a stack
 * trace reaches a client. Paths under {@code /api} get problem+json; other paths get a short
 * HTML page. The REST dispatcher writes its own problems and never reaches this servlet.
 */
// Lowest ranking: a bundle that registers its own error page for a code keeps it.
@Component(service = Servlet.class, property = Constants.SERVICE_RANKING + ":Integer=" + Integer.MIN_VALUE)
@HttpWhiteboardServletErrorPage(errorPage = {"4xx", "5xx", "java.lang.Throwable"})
// Every servlet context, so that bundles with their own context get the same error pages.
@HttpWhiteboardContextSelect("(osgi.http.whiteboard.context.name=*)")
public final class ErrorPageServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(ErrorPageServlet.class);

    private static final Map<Integer, String> TITLES = Map.ofEntries(
            Map.entry(400, "Bad request"), Map.entry(401, "Authentication required"), Map.entry(403, "Forbidden"),
            Map.entry(404, "Not found"), Map.entry(405, "Method not allowed"), Map.entry(406, "Not acceptable"),
            Map.entry(408, "Request timeout"), Map.entry(413, "Payload too large"), Map.entry(414, "URI too long"),
            Map.entry(415, "Unsupported media type"), Map.entry(429, "Too many requests"),
            Map.entry(431, "Request header fields too large"), Map.entry(500, "Internal server error"),
            Map.entry(501, "Not implemented"), Map.entry(502, "Bad gateway"), Map.entry(503, "Service unavailable"),
            Map.entry(504, "Gateway timeout"));

    private final transient Problems problems = new Problems(new JsonCodec(8, 1000), 0);

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String requestId = RequestIds.of(request);
        int status = status(request);
        Object uriAttribute = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String uri = uriAttribute instanceof String value ? value : request.getRequestURI();
        Object error = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        if (error instanceof Throwable throwable) {
            LOG.error("Request {} to {} failed with an uncaught exception", requestId, uri, throwable);
        }
        if (response.isCommitted()) {
            return;
        }

        String title = TITLES.getOrDefault(status, status >= 500 ? "Server error" : "Client error");
        String detail = status >= 500
                ? "The server failed to complete the request; quote request id " + requestId + " when reporting it"
                : title + ": " + JsonCodec.truncate(uri);
        if (uri != null && (uri.equals("/api") || uri.startsWith("/api/"))) {
            problems.write(response, new Problems.Problem(status, code(title), title, detail, List.of(), Map.of()),
                    requestId);
        } else {
            writeHtml(response, status, title, requestId);
        }
    }

    private static int status(HttpServletRequest request) {
        Object attribute = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = attribute instanceof Integer value ? value : 500;
        return status >= 400 && status <= 599 ? status : 500;
    }

    private static String code(String title) {
        return title.toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
    }

    private static void writeHtml(HttpServletResponse response, int status, String title, String requestId)
            throws IOException {
        String html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + status + " " + title
                + "</title></head>\n<body><h1>" + status + " " + title + "</h1><p>Request id: " + requestId
                + "</p></body></html>\n";
        byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
        response.resetBuffer();
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("text/html;charset=utf-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
