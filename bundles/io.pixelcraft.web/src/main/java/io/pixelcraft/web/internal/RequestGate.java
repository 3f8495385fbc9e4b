package io.pixelcraft.web.internal;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.servlet.whiteboard.Preprocessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs before every HTTP request of the servlet whiteboard: assigns the request id, sets the
 * security headers and counts the request. While the bundle stops, it rejects new requests with 503
 * and waits for the running ones.
 *
 * <p>The component registers its {@link Preprocessor} itself instead of letting DS do it, because
 * DS unregisters a component's service before calling its deactivate method. Registered by hand,
 * the gate keeps answering 503 during the drain and goes away only after it.
 */
@Component(immediate = true, service = {}, configurationPid = GateConfig.PID)
@Designate(ocd = GateConfig.class)
public final class RequestGate {

    private static final Logger LOG = LoggerFactory.getLogger(RequestGate.class);

    private final GateFilter filter;
    private volatile long drainTimeoutSeconds;
    private final ServiceRegistration<Preprocessor> registration;

    /**
     * The dispatcher reference is never used: it makes DS deactivate the gate, and so drain,
     * before the dispatcher goes away whenever the dispatcher stops first.
     */
    @Activate
    public RequestGate(BundleContext context, GateConfig config,
            @Reference(target = "(component.name=io.pixelcraft.web.internal.ApiDispatcher)") Servlet dispatcher) {
        this.filter = new GateFilter(new InFlightRequests(), new SecurityHeaders(config.contentSecurityPolicy()),
                config.retryAfterSeconds());
        this.drainTimeoutSeconds = config.drainTimeoutSeconds();
        Dictionary<String, Object> properties = new Hashtable<>();
        // Highest first: the gate runs before any other preprocessor, so even their responses carry the id.
        properties.put(Constants.SERVICE_RANKING, Integer.MAX_VALUE);
        this.registration = context.registerService(Preprocessor.class, filter, properties);
        LOG.info("Request gate started with a drain timeout of {} s", drainTimeoutSeconds);
    }

    /** Applies new headers and timeouts without closing the gate. */
    @Modified
    void modified(GateConfig config) {
        filter.configure(new SecurityHeaders(config.contentSecurityPolicy()), config.retryAfterSeconds());
        drainTimeoutSeconds = config.drainTimeoutSeconds();
        LOG.info("Request gate reconfigured with a drain timeout of {} s", drainTimeoutSeconds);
    }

    @Deactivate
    void deactivate() {
        InFlightRequests inFlight = filter.inFlight();
        inFlight.close();
        LOG.info("Web bundle stopping: rejecting new requests, waiting up to {} s for {} in-flight requests",
                drainTimeoutSeconds, inFlight.active());
        try {
            int remaining = inFlight.awaitIdle(drainTimeoutSeconds, TimeUnit.SECONDS);
            if (remaining > 0) {
                LOG.warn("Drain timed out after {} s with {} requests still running; they may be cut off",
                        drainTimeoutSeconds, remaining);
            } else {
                LOG.info("All in-flight requests finished");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("Drain interrupted with {} requests still running", inFlight.active());
        } finally {
            registration.unregister();
        }
    }

    /** The preprocessor itself, separate from the component so tests can run it in plain Jetty. */
    static final class GateFilter implements Preprocessor, Filter {

        private final InFlightRequests inFlight;
        private volatile SecurityHeaders securityHeaders;
        private volatile int retryAfterSeconds;
        private final Problems problems = new Problems(new JsonCodec(8, 1000), 0);

        GateFilter(InFlightRequests inFlight, SecurityHeaders securityHeaders, int retryAfterSeconds) {
            this.inFlight = inFlight;
            this.securityHeaders = securityHeaders;
            this.retryAfterSeconds = retryAfterSeconds;
        }

        void configure(SecurityHeaders headers, int retryAfter) {
            this.securityHeaders = headers;
            this.retryAfterSeconds = retryAfter;
        }

        InFlightRequests inFlight() {
            return inFlight;
        }

        @Override
        public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
                throws IOException, ServletException {
            HttpServletRequest request = (HttpServletRequest) req;
            HttpServletResponse response = (HttpServletResponse) res;
            String requestId = RequestIds.acceptOrGenerate(request.getHeader(RequestIds.HEADER));
            request.setAttribute(RequestIds.ATTRIBUTE, requestId);
            response.setHeader(RequestIds.HEADER, requestId);
            securityHeaders.apply(response);
            MDC.put(RequestIds.MDC_REQUEST_ID, requestId);
            try {
                if (!inFlight.enter()) {
                    rejectWhileStopping(response, requestId);
                    return;
                }
                try {
                    chain.doFilter(request, response);
                } finally {
                    inFlight.exit();
                }
            } finally {
                MDC.remove(RequestIds.MDC_REQUEST_ID);
            }
        }

        private void rejectWhileStopping(HttpServletResponse response, String requestId) throws IOException {
            int retryAfter = retryAfterSeconds;
            response.setHeader("Connection", "close");
            problems.write(response, new Problems.Problem(503, "shutting-down", "Service unavailable",
                    "The server is stopping; retry after " + retryAfter + " seconds", List.of(),
                    Map.of("Retry-After", Integer.toString(retryAfter))), requestId);
        }
    }
}
