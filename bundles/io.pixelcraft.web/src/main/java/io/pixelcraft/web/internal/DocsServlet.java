package io.pixelcraft.web.internal;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Map;
import java.util.function.Function;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * Serves the interactive API page at {@code /api/docs}: Swagger UI embedded in this bundle, set to
 * load {@code /api/openapi.json}, so the page makes no request to another host.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({"/api/docs", "/api/docs/*"})
public final class DocsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** Bundle header naming the folder that bnd copied Swagger UI into. */
    static final String SWAGGER_UI_HEADER = "PixelCraft-SwaggerUI";

    /** Files the page may load, with their media types; any other name is 404. */
    private static final Map<String, String> SWAGGER_FILES = Map.of(
            "swagger-ui.css", "text/css;charset=utf-8",
            "swagger-ui-bundle.js", "text/javascript;charset=utf-8",
            "swagger-ui-standalone-preset.js", "text/javascript;charset=utf-8",
            "favicon-32x32.png", "image/png");

    private static final Map<String, String> OWN_FILES = Map.of(
            "index.html", "text/html;charset=utf-8",
            "init.js", "text/javascript;charset=utf-8");

    private final transient Function<String, URL> resources;
    private final String swaggerFolder;

    @Activate
    public DocsServlet(BundleContext context) {
        this(context.getBundle()::getEntry, context.getBundle().getHeaders().get(SWAGGER_UI_HEADER));
    }

    /**
     * @param resources     looks up a resource by its path inside the bundle, without a leading '/'
     * @param swaggerFolder folder of the Swagger UI files inside the bundle
     */
    DocsServlet(Function<String, URL> resources, String swaggerFolder) {
        this.resources = resources;
        this.swaggerFolder = swaggerFolder;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String pathInfo = request.getPathInfo();
        String name = pathInfo == null || pathInfo.equals("/") ? "index.html" : pathInfo.substring(1);

        String resource;
        String mediaType;
        if (OWN_FILES.containsKey(name)) {
            resource = "docs/" + name;
            mediaType = OWN_FILES.get(name);
        } else if (SWAGGER_FILES.containsKey(name) && swaggerFolder != null) {
            resource = swaggerFolder + "/" + name;
            mediaType = SWAGGER_FILES.get(name);
        } else {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }

        URL url = resources.apply(resource);
        if (url == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        response.setContentType(mediaType);
        // The page itself may change with the platform; the Swagger UI files change only with a new bundle.
        response.setHeader("Cache-Control", name.equals("index.html") || name.equals("init.js")
                ? "no-cache" : "public, max-age=86400");
        try (InputStream in = url.openStream()) {
            in.transferTo(response.getOutputStream());
        }
    }
}
