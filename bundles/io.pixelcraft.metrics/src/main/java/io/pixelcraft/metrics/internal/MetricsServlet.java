package io.pixelcraft.metrics.internal;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * Serves the Prometheus text exposition at {@code /metrics}. Scrapes are accepted from loopback
 * addresses only unless configured otherwise, because the meters name routes and internal sizes.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/metrics")
@Designate(ocd = MetricsServlet.Config.class)
public class MetricsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** Prometheus text format 0.0.4, which every Prometheus version scrapes. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    @ObjectClassDefinition(name = "PixelCraft metrics endpoint")
    public @interface Config {
        @AttributeDefinition(description = "Serve /metrics to any client address, not only loopback."
                + " Enable only behind a proxy that restricts it to the monitoring network.")
        boolean allowRemote() default false;
    }

    private final transient MetricsRegistry registry;
    private final boolean allowRemote;

    @Activate
    public MetricsServlet(@Reference MetricsRegistry registry,
            Config config) {
        this.registry = registry;
        this.allowRemote = config.allowRemote();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!allowRemote && !isLoopback(request.getRemoteAddr())) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
        response.setContentType(CONTENT_TYPE);
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        try (OutputStream out = response.getOutputStream()) {
            out.write(body);
        }
    }

    static boolean isLoopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
