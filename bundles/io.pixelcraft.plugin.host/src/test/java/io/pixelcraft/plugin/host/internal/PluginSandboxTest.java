package io.pixelcraft.plugin.host.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.hooks.resolver.ResolverHook;
import org.osgi.framework.hooks.weaving.WeavingException;
import org.osgi.framework.hooks.weaving.WovenClass;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWiring;

/** Exercises the resolver and weaving hooks with stand-in framework objects, no container. */
class PluginSandboxTest {

    private static final Path TEST_CLASSES = Path.of("target", "test-classes");
    private static final String WELL_BEHAVED = "io/pixelcraft/plugin/host/hostile/WellBehaved.class";
    private static final String EXITS_JVM = "io/pixelcraft/plugin/host/hostile/ExitsJvm.class";

    private final Bundle system = bundle(0, "org.apache.felix.framework", false, null);
    private final Bundle api = bundle(10, "io.pixelcraft.api", false, null);
    private final Bundle good = bundle(20, "test.good", true, WELL_BEHAVED);
    private final Bundle bad = bundle(21, "test.bad", true, EXITS_JVM);
    private final Bundle other = bundle(22, "test.other", true, WELL_BEHAVED);
    private final Bundle platform = bundle(30, "io.pixelcraft.web", false, null);
    private final PluginSandbox sandbox = new PluginSandbox(context(List.of(system, api, good, bad, other, platform)));

    /** Returns a bundle whose only entry is the given class file from the test classes, if any. */
    private static Bundle bundle(long id, String name, boolean plugin, String classPath) {
        Hashtable<String, String> headers = new Hashtable<>();
        headers.put("Bundle-SymbolicName", name);
        headers.put("Bundle-Version", "1.0.0");
        if (plugin) {
            headers.put("PixelCraft-Plugin", "1");
        }
        return (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getBundleId" -> id;
                    case "getSymbolicName" -> name;
                    case "getLastModified" -> 1L;
                    case "getState" -> Bundle.INSTALLED;
                    case "getVersion" -> org.osgi.framework.Version.parseVersion("1.0.0");
                    case "getHeaders" -> headers;
                    case "getEntryPaths" -> entryPaths(classPath, (String) args[0]);
                    case "getEntry" -> TEST_CLASSES.resolve((String) args[0]).toUri().toURL();
                    case "hashCode" -> (int) id;
                    case "equals" -> proxy == args[0];
                    case "toString" -> name;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** Lists the directories and the one class file on the way to classPath, as getEntryPaths does. */
    private static java.util.Enumeration<String> entryPaths(String classPath, String directory) {
        if (classPath == null) {
            return null;
        }
        String prefix = directory.equals("/") ? "" : directory;
        if (!classPath.startsWith(prefix)) {
            return null;
        }
        String rest = classPath.substring(prefix.length());
        int slash = rest.indexOf('/');
        return Collections.enumeration(List.of(prefix + (slash < 0 ? rest : rest.substring(0, slash + 1))));
    }

    private static BundleContext context(List<Bundle> bundles) {
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(), new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getBundles" -> bundles.toArray(new Bundle[0]);
                    case "addBundleListener", "removeBundleListener" -> null;
                    case "registerService" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static BundleRevision revision(Bundle bundle) {
        return (BundleRevision) Proxy.newProxyInstance(BundleRevision.class.getClassLoader(), new Class<?>[] {BundleRevision.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getBundle" -> bundle;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static BundleCapability packageFrom(Bundle provider, String packageName) {
        BundleRevision revision = revision(provider);
        return (BundleCapability) Proxy.newProxyInstance(BundleCapability.class.getClassLoader(), new Class<?>[] {BundleCapability.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getRevision" -> revision;
                    case "getAttributes" -> Map.of("osgi.wiring.package", packageName);
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static BundleRequirement requirement(Bundle requirer, String namespace, String filter) {
        BundleRevision revision = revision(requirer);
        return (BundleRequirement) Proxy.newProxyInstance(BundleRequirement.class.getClassLoader(), new Class<?>[] {BundleRequirement.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getRevision" -> revision;
                    case "getNamespace" -> namespace;
                    case "getDirectives" -> Map.of("filter", filter);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** Returns the providers of the candidates that the hook keeps for an import. */
    private List<String> keptProviders(Bundle requirer, String packageName, Bundle... providers) {
        List<BundleCapability> candidates = new ArrayList<>();
        for (Bundle provider : providers) {
            candidates.add(packageFrom(provider, packageName));
        }
        ResolverHook hook = sandbox.begin(List.of());
        hook.filterMatches(requirement(requirer, "osgi.wiring.package", "(osgi.wiring.package=" + packageName + ")"), candidates);
        hook.end();
        return candidates.stream().map(candidate -> candidate.getRevision().getBundle().getSymbolicName()).toList();
    }

    @Test
    void pluginWiresToApiAndAllowedJdk() {
        assertThat(keptProviders(good, "io.pixelcraft.api.plugin", api)).containsExactly("io.pixelcraft.api");
        assertThat(keptProviders(good, "java.util", system)).containsExactly("org.apache.felix.framework");
    }

    @Test
    void pluginImportOfFrameworkRemovedAndRecorded() {
        assertThat(keptProviders(good, "org.osgi.framework", system)).isEmpty();

        assertThat(sandbox.wiringRejections(20)).singleElement()
                .satisfies(message -> assertThat(message).contains("org.osgi.framework").contains("outside the plugin allow-list"));
    }

    @Test
    void pluginCannotWireToOtherPlugin() {
        assertThat(keptProviders(good, "test.other.api", other)).isEmpty();
    }

    @Test
    void platformCannotWireToPlugin() {
        assertThat(keptProviders(platform, "test.good.api", good)).isEmpty();
        assertThat(keptProviders(platform, "io.pixelcraft.api.plugin", api)).containsExactly("io.pixelcraft.api");
    }

    @Test
    void pluginCannotRequireBundles() {
        List<BundleCapability> candidates = new ArrayList<>(List.of(packageFrom(api, "x")));
        ResolverHook hook = sandbox.begin(List.of());

        hook.filterMatches(requirement(good, "osgi.wiring.bundle", "(osgi.wiring.bundle=io.pixelcraft.api)"), candidates);

        assertThat(candidates).isEmpty();
    }

    @Test
    void rejectedPluginNotResolvable() {
        List<BundleRevision> candidates = new ArrayList<>(List.of(revision(good), revision(bad), revision(platform)));

        sandbox.begin(List.of()).filterResolvable(candidates);

        assertThat(candidates).extracting(revision -> revision.getBundle().getSymbolicName())
                .containsExactly("test.good", "io.pixelcraft.web");
        assertThat(sandbox.verdict(bad).report().violations()).isNotEmpty();
    }

    @Test
    void weavingRefusesRejectedPlugin() throws Exception {
        byte[] classFile = Files.readAllBytes(TEST_CLASSES.resolve(EXITS_JVM));

        assertThatThrownBy(() -> sandbox.weave(wovenClass(bad, classFile)))
                .isInstanceOf(WeavingException.class)
                .hasMessageContaining("test.bad");
    }

    @Test
    void weavingAddsChecksAndImport() throws Exception {
        byte[] classFile = Files.readAllBytes(TEST_CLASSES.resolve(WELL_BEHAVED));
        List<String> imports = new ArrayList<>();
        byte[][] woven = new byte[1][];

        sandbox.weave(wovenClass(good, classFile, imports, woven));

        assertThat(imports).containsExactly("io.pixelcraft.plugin.sandbox");
        assertThat(new String(woven[0], java.nio.charset.StandardCharsets.ISO_8859_1))
                .contains("io/pixelcraft/plugin/sandbox/Checkpoint");
    }

    private static WovenClass wovenClass(Bundle bundle, byte[] bytes) {
        return wovenClass(bundle, bytes, new ArrayList<>(), new byte[1][]);
    }

    private static WovenClass wovenClass(Bundle bundle, byte[] bytes, List<String> imports, byte[][] written) {
        BundleWiring wiring = (BundleWiring) Proxy.newProxyInstance(BundleWiring.class.getClassLoader(), new Class<?>[] {BundleWiring.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getBundle")) {
                        return bundle;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return (WovenClass) Proxy.newProxyInstance(WovenClass.class.getClassLoader(), new Class<?>[] {WovenClass.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getBundleWiring" -> wiring;
                    case "getBytes" -> bytes;
                    case "setBytes" -> {
                        written[0] = (byte[]) args[0];
                        yield null;
                    }
                    case "getDynamicImports" -> imports;
                    case "getClassName" -> "test.Class";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
