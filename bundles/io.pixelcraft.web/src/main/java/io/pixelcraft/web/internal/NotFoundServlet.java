package io.pixelcraft.web.internal;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * Fallback for paths that no other servlet serves. Without it such a request never enters a
 * servlet context, so Jetty writes its own HTML error page instead of {@link ErrorPageServlet}.
 * The lowest ranking lets any other bundle's {@code "/"} servlet, such as the web editor's, win.
 */
@Component(service = Servlet.class, property = Constants.SERVICE_RANKING + ":Integer=" + Integer.MIN_VALUE)
@HttpWhiteboardServletPattern("/")
public final class NotFoundServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.sendError(HttpServletResponse.SC_NOT_FOUND);
    }
}
