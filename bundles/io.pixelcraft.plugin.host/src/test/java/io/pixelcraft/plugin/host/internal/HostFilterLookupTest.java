package io.pixelcraft.plugin.host.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pixelcraft.api.document.RasterFilter;
import java.awt.image.BufferedImage;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;

/** Runs filters as the renderer does, through the lookup, with a per-call cost limit of 100 units. */
class HostFilterLookupTest {

    @TempDir
    Path dataDirectory;

    private final AtomicInteger calls = new AtomicInteger();
    private PluginHost host;

    private PluginHost start() {
        Bundle bundle = (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getSymbolicName" -> "test.plugin";
                    case "getBundleId" -> 42L;
                    case "getVersion" -> new Version(1, 0, 0);
                    case "getHeaders" -> new Hashtable<String, String>();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        BundleContext context = (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getDataFile" -> dataDirectory.resolve((String) args[0]).toFile();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        @SuppressWarnings("unchecked")
        ServiceReference<io.pixelcraft.api.plugin.Filter> reference = (ServiceReference<io.pixelcraft.api.plugin.Filter>)
                Proxy.newProxyInstance(ServiceReference.class.getClassLoader(), new Class<?>[] {ServiceReference.class},
                        (proxy, method, args) -> switch (method.getName()) {
                            case "getBundle" -> bundle;
                            case "hashCode" -> System.identityHashCode(proxy);
                            case "equals" -> proxy == args[0];
                            default -> throw new UnsupportedOperationException(method.getName());
                        });
        host = new PluginHost(PluginHostTest.config(Map.of("maxCostPerCall", 100L)), context);
        host.bindFilter(PluginHostTest.costedFilter(calls), reference);
        return host;
    }

    @AfterEach
    void stop() {
        host.deactivate();
    }

    @Test
    void costlyCallSkippedBeforeRun() {
        RasterFilter filter = new HostFilterLookup(start()).find("test.costed", null).orElseThrow();
        BufferedImage input = new BufferedImage(4, 4, BufferedImage.TYPE_INT_ARGB);

        assertThatThrownBy(() -> filter.apply(input, Map.of("radius", 5), 1))
                .isInstanceOf(HostFilterLookup.SkippedException.class)
                .hasToString("Filter test.costed was not run: on 4 × 4 pixels with radius 5 it needs an estimated 400 cost "
                        + "units, above the limit of 100 per call. To run it, lower radius to at most 2.5, or apply it to a "
                        + "smaller node or scale (at most 4 pixels at this radius).");
        assertThat(calls).hasValue(0);
    }

    @Test
    void affordableCallRuns() throws Exception {
        RasterFilter filter = new HostFilterLookup(start()).find("test.costed", null).orElseThrow();
        BufferedImage input = new BufferedImage(4, 4, BufferedImage.TYPE_INT_ARGB);

        BufferedImage output = filter.apply(input, Map.of("radius", 2), 1);

        assertThat(output.getWidth()).isEqualTo(4);
        assertThat(calls).hasValue(1);
    }
}
