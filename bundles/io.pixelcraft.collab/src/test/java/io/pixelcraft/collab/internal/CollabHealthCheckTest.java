package io.pixelcraft.collab.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixelcraft.api.health.HealthResult;
import io.pixelcraft.api.web.Authenticator;
import jakarta.servlet.Servlet;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.service.servlet.runtime.dto.FailedServletDTO;
import org.osgi.service.servlet.runtime.dto.RequestInfoDTO;
import org.osgi.service.servlet.runtime.dto.RuntimeDTO;
import org.osgi.service.servlet.runtime.dto.ServletContextDTO;
import org.osgi.service.servlet.runtime.dto.ServletDTO;

class CollabHealthCheckTest {

    private static final CollabSettings SETTINGS = new CollabSettings(256 * 1024, 10_000, 10_000, 10_000, 100, 50, 20,
            500, 60, 1000, 60, 10, false, List.of());
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final AtomicLong clock = new AtomicLong(1_000 * SECOND);
    private final Authenticator authenticator = request -> Optional.empty();
    private RoomManager manager;
    private CollabHealthCheck check;

    @BeforeEach
    void setUp() {
        manager = new RoomManager(new TreeDocumentEngine(), new InMemoryOpLog(1, 40),
                (caller, access, projectId) -> Optional.empty(), SETTINGS);
        check = new CollabHealthCheck(clock::get);
    }

    @AfterEach
    void tearDown() {
        manager.shutdown();
    }

    /** Binds every service the check looks at, with a whiteboard that serves servlet service 42. */
    private void bindAll() {
        check.bindRoomManager(manager);
        check.bindAuthenticator(authenticator);
        check.bindServlet(servletReference(42));
        check.bindRuntime(runtime(42));
    }

    @Test
    void upWhenEverythingRegistered() {
        bindAll();

        HealthResult result = check.check();

        assertThat(result.up()).isTrue();
        assertThat(result.detail()).startsWith("Accepting joins");
    }

    @Test
    void missingAuthenticatorDownAfterGrace() {
        bindAll();
        check.unbindAuthenticator(authenticator);

        clock.addAndGet(SECOND);
        HealthResult duringGrace = check.check();
        clock.addAndGet(5 * SECOND);
        HealthResult afterGrace = check.check();
        check.bindAuthenticator(authenticator);
        HealthResult rebound = check.check();

        assertThat(duringGrace.up()).isTrue();
        assertThat(duringGrace.detail()).contains("No sign-in service");
        assertThat(afterGrace.up()).isFalse();
        assertThat(afterGrace.detail()).contains("No sign-in service").contains("6000 ms");
        assertThat(rebound.up()).isTrue();
    }

    @Test
    void missingManagerDownAfterGrace() {
        bindAll();
        check.unbindRoomManager(manager);

        clock.addAndGet(10 * SECOND);
        HealthResult result = check.check();

        assertThat(result.up()).isFalse();
        assertThat(result.detail()).contains("room manager is not active");
    }

    @Test
    void replacedManagerUnbindIgnored() {
        RoomManager replacement = new RoomManager(new TreeDocumentEngine(), new InMemoryOpLog(1, 40),
                (caller, access, projectId) -> Optional.empty(), SETTINGS);
        try {
            bindAll();
            check.bindRoomManager(replacement);
            check.unbindRoomManager(manager);

            clock.addAndGet(10 * SECOND);

            assertThat(check.check().up()).isTrue();
        } finally {
            replacement.shutdown();
        }
    }

    @Test
    void servletNotInWhiteboardDownAfterGrace() {
        bindAll();
        check.bindRuntime(runtime(7));

        HealthResult first = check.check();
        clock.addAndGet(6 * SECOND);
        HealthResult afterGrace = check.check();
        check.bindRuntime(runtime(42));
        HealthResult served = check.check();

        assertThat(first.up()).isTrue();
        assertThat(first.detail()).contains("does not serve the collaboration servlet");
        assertThat(afterGrace.up()).isFalse();
        assertThat(served.up()).isTrue();
    }

    @Test
    void rejectedServletDownAtOnce() {
        bindAll();
        HttpServiceRuntime rejecting = runtime(7);
        FailedServletDTO failed = new FailedServletDTO();
        failed.serviceId = 42;
        failed.failureReason = 4;
        rejecting.getRuntimeDTO().failedServletDTOs = new FailedServletDTO[] {failed};
        check.bindRuntime(rejecting);

        HealthResult result = check.check();

        assertThat(result.up()).isFalse();
        assertThat(result.detail()).contains("failure reason 4");
    }

    @Test
    void missingServletServiceDownAfterGrace() {
        bindAll();
        ServiceReference<Servlet> registered = servletReference(42);
        check.bindServlet(registered);
        check.unbindServlet(registered);

        clock.addAndGet(6 * SECOND);
        HealthResult result = check.check();

        assertThat(result.up()).isFalse();
        assertThat(result.detail()).contains("servlet is not registered as a service");
    }

    /** Returns a service reference whose only property is the service id. */
    @SuppressWarnings("unchecked")
    private static ServiceReference<Servlet> servletReference(long serviceId) {
        return (ServiceReference<Servlet>) Proxy.newProxyInstance(CollabHealthCheckTest.class.getClassLoader(),
                new Class<?>[] {ServiceReference.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getProperty") && Constants.SERVICE_ID.equals(args[0])) {
                        return serviceId;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** Returns a whiteboard runtime with one context that serves the servlet with the service id. */
    private static HttpServiceRuntime runtime(long servedServiceId) {
        ServletDTO servlet = new ServletDTO();
        servlet.serviceId = servedServiceId;
        ServletContextDTO context = new ServletContextDTO();
        context.servletDTOs = new ServletDTO[] {servlet};
        RuntimeDTO dto = new RuntimeDTO();
        dto.servletContextDTOs = new ServletContextDTO[] {context};
        dto.failedServletDTOs = new FailedServletDTO[0];
        return new HttpServiceRuntime() {
            @Override
            public RuntimeDTO getRuntimeDTO() {
                return dto;
            }

            @Override
            public RequestInfoDTO calculateRequestInfoDTO(String path) {
                throw new UnsupportedOperationException();
            }
        };
    }
}
