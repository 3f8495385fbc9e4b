package io.pixelcraft.collab.internal;

import io.pixelcraft.api.health.HealthCheck;
import io.pixelcraft.api.health.HealthResult;
import io.pixelcraft.api.web.Authenticator;
import jakarta.servlet.Servlet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
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
import org.osgi.service.servlet.runtime.dto.ServletContextDTO;
import org.osgi.service.servlet.runtime.dto.ServletDTO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Health check {@code collab}, part of readiness: DOWN while the WebSocket endpoint cannot accept
 * joins for longer than {@link #GRACE_NANOS}. Joins fail while the room manager is not active,
 * while no {@link Authenticator} is registered, and while the servlet whiteboard has not
 * registered the collaboration servlet.
 *
 * <p>The grace period keeps readiness UP through the routine restarts of a dependency: a
 * configuration change of the accounts component takes a few hundred milliseconds, and clients
 * retry the joins it rejects. The component has no mandatory references, so that it stays
 * registered and reports DOWN while the services it checks are missing.
 */
@Component(service = HealthCheck.class, property = HealthCheck.READINESS + ":Boolean=true")
public final class CollabHealthCheck implements HealthCheck {

    static final String NAME = "collab";
    /** Time that joins may fail before the check reports DOWN. */
    static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(5);

    private static final Logger LOG = LoggerFactory.getLogger(CollabHealthCheck.class);

    private final LongSupplier nanoClock;
    private final AtomicReference<RoomManager> manager = new AtomicReference<>();
    /** Time since when no room manager is bound, from the nano clock. */
    private volatile long managerMissingSince;
    private final AtomicReference<Authenticator> authenticator = new AtomicReference<>();
    /** Time since when no authenticator is bound, from the nano clock. */
    private volatile long authenticatorMissingSince;
    private final AtomicReference<ServiceReference<Servlet>> servlet = new AtomicReference<>();
    /** Time since when the collaboration servlet service is not registered, from the nano clock. */
    private volatile long servletMissingSince;
    private final AtomicReference<HttpServiceRuntime> runtime = new AtomicReference<>();
    /** Time since when no servlet whiteboard runtime is bound, from the nano clock. */
    private volatile long runtimeMissingSince;
    /**
     * Time of the first check that found the servlet service missing from the whiteboard's
     * servlets, from the nano clock, or 0 while it is there. The runtime reports no time of its
     * own, so this counts from the first check that saw it.
     */
    private volatile long notInWhiteboardSince;
    /** Result of the previous check, so that only changes are logged. */
    private volatile Boolean lastUp;

    @Activate
    public CollabHealthCheck() {
        this(System::nanoTime);
    }

    CollabHealthCheck(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        long now = nanoClock.getAsLong();
        this.managerMissingSince = now;
        this.authenticatorMissingSince = now;
        this.servletMissingSince = now;
        this.runtimeMissingSince = now;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindRoomManager(RoomManager value) {
        manager.set(value);
    }

    void unbindRoomManager(RoomManager value) {
        if (manager.compareAndSet(value, null)) {
            managerMissingSince = nanoClock.getAsLong();
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindAuthenticator(Authenticator value) {
        authenticator.set(value);
    }

    void unbindAuthenticator(Authenticator value) {
        if (authenticator.compareAndSet(value, null)) {
            authenticatorMissingSince = nanoClock.getAsLong();
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY,
            target = "(component.name=io.pixelcraft.collab.internal.CollabServlet)")
    void bindServlet(ServiceReference<Servlet> value) {
        servlet.set(value);
    }

    void unbindServlet(ServiceReference<Servlet> value) {
        if (servlet.compareAndSet(value, null)) {
            servletMissingSince = nanoClock.getAsLong();
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindRuntime(HttpServiceRuntime value) {
        runtime.set(value);
    }

    void unbindRuntime(HttpServiceRuntime value) {
        if (runtime.compareAndSet(value, null)) {
            runtimeMissingSince = nanoClock.getAsLong();
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public HealthResult check() {
        RoomManager currentManager = manager.get();
        ServiceReference<Servlet> currentServlet = servlet.get();
        HttpServiceRuntime currentRuntime = runtime.get();
        HealthResult result;
        if (currentManager == null) {
            result = afterGrace("The room manager is not active (it needs the document engine, the store and the "
                    + "authorizer)", managerMissingSince);
        } else if (authenticator.get() == null) {
            result = afterGrace("No sign-in service (Authenticator) is registered, so joins are closed with 1012",
                    authenticatorMissingSince);
        } else if (currentServlet == null) {
            result = afterGrace("The collaboration servlet is not registered as a service", servletMissingSince);
        } else if (currentRuntime == null) {
            result = afterGrace("The servlet whiteboard runtime is not registered", runtimeMissingSince);
        } else {
            result = checkWhiteboard(currentRuntime.getRuntimeDTO(), (Long) currentServlet.getProperty(Constants.SERVICE_ID));
            if (result == null) {
                result = HealthResult.up("Accepting joins: " + currentManager.roomCount() + " rooms, "
                        + currentManager.connectionCount() + " connections");
            }
        }
        logChange(result);
        return result;
    }

    /**
     * Returns DOWN when the whiteboard rejected the servlet, the problem (UP or DOWN by the grace
     * period) when the whiteboard does not list it, and {@code null} when it serves it.
     */
    private HealthResult checkWhiteboard(RuntimeDTO dto, long servletServiceId) {
        for (FailedServletDTO failed : dto.failedServletDTOs) {
            if (failed.serviceId == servletServiceId) {
                return HealthResult.down("The whiteboard rejected the collaboration servlet with failure reason "
                        + failed.failureReason + " (see org.osgi.service.servlet.runtime.dto.DTOConstants)");
            }
        }
        for (ServletContextDTO context : dto.servletContextDTOs) {
            for (ServletDTO registered : context.servletDTOs) {
                if (registered.serviceId == servletServiceId) {
                    notInWhiteboardSince = 0;
                    return null;
                }
            }
        }
        long since = notInWhiteboardSince;
        if (since == 0) {
            since = nanoClock.getAsLong();
            notInWhiteboardSince = since;
        }
        return afterGrace("The servlet whiteboard does not serve the collaboration servlet", since);
    }

    /** Returns UP with the problem while it is younger than the grace period, and DOWN after. */
    private HealthResult afterGrace(String problem, long sinceNanos) {
        long millis = TimeUnit.NANOSECONDS.toMillis(nanoClock.getAsLong() - sinceNanos);
        if (millis < TimeUnit.NANOSECONDS.toMillis(GRACE_NANOS)) {
            return HealthResult.up(problem + " for " + millis + " ms; DOWN after "
                    + TimeUnit.NANOSECONDS.toSeconds(GRACE_NANOS) + " s");
        }
        return HealthResult.down(problem + " for " + millis + " ms");
    }

    private void logChange(HealthResult result) {
        Boolean previous = lastUp;
        lastUp = result.up();
        if (previous != null && previous == result.up()) {
            return;
        }
        if (result.up()) {
            LOG.info("Health check {} is UP: {}", NAME, result.detail());
        } else {
            LOG.warn("Health check {} is DOWN: {}", NAME, result.detail());
        }
    }
}
