package io.pixelcraft.plugin.host.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixelcraft.api.plugin.FilterStep;
import io.pixelcraft.api.plugin.Raster;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;

/** Enables a plugin that the failure rule disabled, through the admin service, with stand-in framework objects. */
class PluginAdminTest {

    private static final Raster SOURCE = Raster.filled(2, 2, 0xFF000000);

    @TempDir
    Path dataDirectory;

    private final AtomicInteger starts = new AtomicInteger();
    private final AtomicInteger stops = new AtomicInteger();
    private final AtomicReference<Caller> caller = new AtomicReference<>(Caller.NONE);
    private final Bundle bundle = trustedBundle();
    private PluginHost host;
    private ToolHost tools;
    private PluginAdmin admin;

    @BeforeEach
    void start() {
        BundleContext context = context();
        PluginHostConfig config = PluginHostTest.config(Map.of());
        host = new PluginHost(config, context);
        host.setCallerLookup(caller::get);
        tools = new ToolHost(config, host);
        admin = new PluginAdmin(context, new PluginSandbox(context), host, tools);
        host.bindFilter(PluginCallRunnerTest.filter((input, filterContext) -> {
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return input;
        }), reference());
    }

    @AfterEach
    void stop() {
        tools.deactivate();
        host.deactivate();
    }

    /** Returns a bundle without the plugin header, like the built-in filters. */
    private Bundle trustedBundle() {
        Hashtable<String, String> headers = new Hashtable<>();
        headers.put("Bundle-SymbolicName", "test.plugin");
        return (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getSymbolicName" -> "test.plugin";
                    case "getBundleId" -> 42L;
                    case "getVersion" -> new Version(1, 0, 0);
                    case "getHeaders" -> headers;
                    case "getLastModified" -> 1L;
                    case "getState" -> Bundle.ACTIVE;
                    case "start" -> {
                        starts.incrementAndGet();
                        yield null;
                    }
                    case "stop" -> {
                        stops.incrementAndGet();
                        yield null;
                    }
                    case "hashCode" -> 42;
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(), new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getBundles" -> new Bundle[] {bundle};
                    case "getBundle" -> bundle;
                    case "getDataFile" -> dataDirectory.resolve((String) args[0]).toFile();
                    case "addBundleListener", "removeBundleListener", "registerService" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @SuppressWarnings("unchecked")
    private ServiceReference<io.pixelcraft.api.plugin.Filter> reference() {
        return (ServiceReference<io.pixelcraft.api.plugin.Filter>) Proxy.newProxyInstance(ServiceReference.class.getClassLoader(),
                new Class<?>[] {ServiceReference.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getBundle" -> bundle;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private void renderAs(String userId, String sourceHash) {
        caller.set(new Caller(userId, "p1", "r-" + sourceHash));
        host.render(sourceHash, SOURCE, List.of(new FilterStep("test.filter", Map.of())));
    }

    @Test
    void enableResetsBudgetFailures() throws PluginAdminException {
        renderAs("u1", "hash-1");
        renderAs("u1", "hash-2");
        renderAs("u2", "hash-3");
        PluginInfo disabled = admin.list().get(0);

        PluginInfo enabled = admin.enable("test.plugin", "admin@example.com");
        renderAs("u3", "hash-4");
        PluginInfo afterOneFailure = admin.list().get(0);

        assertThat(stops).hasValue(1);
        assertThat(disabled.enabled()).isFalse();
        assertThat(disabled.budgetFailures()).isEqualTo(3);
        assertThat(starts).hasValue(1);
        assertThat(enabled.enabled()).isTrue();
        assertThat(enabled.budgetFailures()).isZero();
        assertThat(afterOneFailure.enabled()).as("failures before the enable no longer count").isTrue();
        assertThat(afterOneFailure.budgetFailures()).isEqualTo(1);
    }
}
