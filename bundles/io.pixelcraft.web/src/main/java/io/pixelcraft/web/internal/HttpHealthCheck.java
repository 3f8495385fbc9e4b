package io.pixelcraft.web.internal;

import io.pixelcraft.api.health.HealthCheck;
import io.pixelcraft.api.health.HealthResult;
import jakarta.servlet.Servlet;
import java.util.Arrays;
import java.util.Collection;
import java.util.stream.Collectors;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.service.servlet.runtime.dto.FailedServletDTO;
import org.osgi.service.servlet.runtime.dto.RuntimeDTO;

/**
 * The built-in {@code http} check: UP while the servlet whiteboard runtime is registered and has
 * accepted the REST dispatcher.
 */
@Component(service = HealthCheck.class, property = HealthCheck.READINESS + ":Boolean=true")
public final class HttpHealthCheck implements HealthCheck {

    private final RouteRegistry registry;
    private final long dispatcherServiceId;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile HttpServiceRuntime runtime;

    @Activate
    public HttpHealthCheck(@Reference RouteRegistry registry,
            @Reference(target = "(component.name=io.pixelcraft.web.internal.ApiDispatcher)") ServiceReference<Servlet> dispatcher) {
        this(registry, (Long) dispatcher.getProperty(Constants.SERVICE_ID), null);
    }

    HttpHealthCheck(RouteRegistry registry, long dispatcherServiceId, HttpServiceRuntime runtime) {
        this.registry = registry;
        this.dispatcherServiceId = dispatcherServiceId;
        this.runtime = runtime;
    }

    @Override
    public String name() {
        return "http";
    }

    @Override
    public HealthResult check() {
        HttpServiceRuntime current = runtime;
        if (current == null) {
            return HealthResult.down("The servlet whiteboard runtime is not registered");
        }
        RuntimeDTO dto = current.getRuntimeDTO();
        for (FailedServletDTO failed : dto.failedServletDTOs) {
            if (failed.serviceId == dispatcherServiceId) {
                return HealthResult.down("The whiteboard rejected the REST dispatcher with failure reason "
                        + failed.failureReason + " (see org.osgi.service.servlet.runtime.dto.DTOConstants)");
            }
        }
        RouteTable table = registry.table();
        return HealthResult.up("Serving " + table.routes().size() + " routes from " + table.providerCount()
                + " providers on " + endpoints(current));
    }

    private static String endpoints(HttpServiceRuntime runtime) {
        Object endpoint = runtime.getRuntimeDTO().serviceDTO.properties.get("osgi.http.endpoint");
        if (endpoint instanceof String[] values) {
            return String.join(", ", Arrays.asList(values));
        }
        if (endpoint instanceof Collection<?> values) {
            return values.stream().map(String::valueOf).collect(Collectors.joining(", "));
        }
        return endpoint == null ? "an unknown endpoint" : endpoint.toString();
    }
}
