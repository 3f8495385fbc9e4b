package io.pixelcraft.plugin.host.internal;

import io.pixelcraft.api.plugin.Plugins;
import io.pixelcraft.plugin.host.internal.sandbox.BudgetWeaver;
import io.pixelcraft.plugin.host.internal.sandbox.PluginInspector;
import io.pixelcraft.plugin.host.internal.sandbox.SandboxPolicy;
import io.pixelcraft.plugin.host.internal.sandbox.Violation;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.hooks.resolver.ResolverHook;
import org.osgi.framework.hooks.resolver.ResolverHookFactory;
import org.osgi.framework.hooks.weaving.WeavingException;
import org.osgi.framework.hooks.weaving.WeavingHook;
import org.osgi.framework.hooks.weaving.WovenClass;
import org.osgi.framework.namespace.ExecutionEnvironmentNamespace;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces the sandbox on every bundle that carries the {@value Plugins#HEADER} header, in three
 * places that all run before plugin code can: a synchronous bundle listener inspects each plugin
 * when it is installed or updated; the resolver hook keeps a rejected plugin from resolving and
 * limits what an accepted one may wire to; the weaving hook refuses to define classes of a
 * plugin without an accepted inspection and weaves budget checks into the others.
 *
 * <p>The hooks are registered by hand at the end of activation rather than as DS services: the
 * framework calls weaving hooks for every class load, including those of this component's own
 * construction, and Felix SCR reports that as a circular reference.
 */
@Component(service = PluginSandbox.class, immediate = true)
public class PluginSandbox implements ResolverHookFactory, WeavingHook {

    private static final Logger LOG = LoggerFactory.getLogger(PluginSandbox.class);

    /** The inspection of one bundle revision, identified by its last-modified time. */
    public record Verdict(long lastModified, PluginInspector.Report report) {
    }

    private final PluginInspector inspector = new PluginInspector();
    private final BudgetWeaver weaver = new BudgetWeaver();
    private final Map<Long, Verdict> verdicts = new ConcurrentHashMap<>();
    private final Map<Long, List<String>> wiringRejections = new ConcurrentHashMap<>();
    private final BundleContext context;
    private final SynchronousBundleListener listener = this::bundleChanged;
    private final List<ServiceRegistration<?>> hookRegistrations = new ArrayList<>();

    @Activate
    public PluginSandbox(BundleContext context) {
        this.context = context;
        context.addBundleListener(listener);
        int plugins = 0;
        for (Bundle bundle : context.getBundles()) {
            Verdict verdict = verdict(bundle);
            if (verdict.report().plugin()) {
                plugins++;
                stopIfRejectedAndActive(bundle, verdict);
            }
        }
        hookRegistrations.add(context.registerService(ResolverHookFactory.class, this, null));
        hookRegistrations.add(context.registerService(WeavingHook.class, this, null));
        LOG.info("Plugin sandbox started; {} plugin bundles installed", plugins);
    }

    @Deactivate
    void deactivate() {
        for (ServiceRegistration<?> registration : hookRegistrations) {
            registration.unregister();
        }
        context.removeBundleListener(listener);
        LOG.info("Plugin sandbox stopped");
    }

    /** Inspects a jar before it is installed; the admin install path calls this first. */
    public PluginInspector.Report inspectJar(byte[] jar) throws IOException {
        return inspector.inspectJar(jar);
    }

    /** Returns the verdict for an installed bundle, inspecting it when no current one exists. */
    public Verdict verdict(Bundle bundle) {
        Verdict known = verdicts.get(bundle.getBundleId());
        if (known != null && known.lastModified() == bundle.getLastModified()) {
            return known;
        }
        Verdict verdict = new Verdict(bundle.getLastModified(), inspect(bundle));
        verdicts.put(bundle.getBundleId(), verdict);
        if (verdict.report().plugin() && !verdict.report().accepted()) {
            logRejection(bundle, verdict.report().violations());
        }
        return verdict;
    }

    /** Returns the imports the resolver hook removed for a plugin, as messages. */
    public List<String> wiringRejections(long bundleId) {
        return wiringRejections.getOrDefault(bundleId, List.of());
    }

    /** Returns whether a bundle is a sandboxed plugin. */
    public static boolean isPlugin(Bundle bundle) {
        Dictionary<String, String> headers = bundle.getHeaders("");
        return headers != null && headers.get(Plugins.HEADER) != null;
    }

    private void bundleChanged(BundleEvent event) {
        int type = event.getType();
        if (type == BundleEvent.INSTALLED || type == BundleEvent.UPDATED) {
            verdict(event.getBundle());
        } else if (type == BundleEvent.UNINSTALLED) {
            verdicts.remove(event.getBundle().getBundleId());
            wiringRejections.remove(event.getBundle().getBundleId());
        }
    }

    private PluginInspector.Report inspect(Bundle bundle) {
        Map<String, String> headers = new LinkedHashMap<>();
        Dictionary<String, String> raw = bundle.getHeaders("");
        for (Enumeration<String> keys = raw.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            headers.put(key, raw.get(key));
        }
        if (headers.get(Plugins.HEADER) == null) {
            return inspector.inspect(headers, Map.of());
        }
        Map<String, byte[]> classes = new LinkedHashMap<>();
        try {
            collectClasses(bundle, "/", classes);
        } catch (IOException e) {
            LOG.error("Cannot read the classes of plugin {} (bundle {})", bundle.getSymbolicName(), bundle.getBundleId(), e);
            return new PluginInspector.Report(bundle.getSymbolicName(), String.valueOf(bundle.getVersion()), true,
                    List.of(new Violation("(bundle)", "entries", "class files", "unreadable: " + e.getMessage())));
        }
        return inspector.inspect(headers, classes);
    }

    /** Walks the bundle's own entries with getEntryPaths, which, unlike findEntries, never resolves it. */
    private static void collectClasses(Bundle bundle, String path, Map<String, byte[]> classes) throws IOException {
        Enumeration<String> paths = bundle.getEntryPaths(path);
        if (paths == null) {
            return;
        }
        while (paths.hasMoreElements()) {
            String entry = paths.nextElement();
            if (entry.endsWith("/")) {
                collectClasses(bundle, entry, classes);
            } else if (entry.endsWith(".class")) {
                URL url = bundle.getEntry(entry);
                try (InputStream in = url.openStream()) {
                    classes.put(entry, in.readAllBytes());
                }
            }
        }
    }

    private void stopIfRejectedAndActive(Bundle bundle, Verdict verdict) {
        if (verdict.report().accepted() || bundle.getState() != Bundle.ACTIVE) {
            return;
        }
        try {
            bundle.stop();
            LOG.error("Stopped plugin {} (bundle {}): it was running before the sandbox and fails its inspection",
                    bundle.getSymbolicName(), bundle.getBundleId());
        } catch (BundleException e) {
            LOG.error("Cannot stop rejected plugin {} (bundle {})", bundle.getSymbolicName(), bundle.getBundleId(), e);
        }
    }

    private static void logRejection(Bundle bundle, List<Violation> violations) {
        LOG.warn("Rejected plugin {} {} (bundle {}): {} forbidden references; it will not resolve",
                bundle.getSymbolicName(), bundle.getVersion(), bundle.getBundleId(), violations.size());
        for (Violation violation : violations) {
            LOG.warn("Plugin {} uses {}", bundle.getSymbolicName(), violation);
        }
    }

    // ---- Weaving hook ----

    @Override
    public void weave(WovenClass wovenClass) {
        Bundle bundle = wovenClass.getBundleWiring().getBundle();
        if (!isPlugin(bundle)) {
            return;
        }
        Verdict verdict = verdict(bundle);
        if (!verdict.report().accepted()) {
            // WeavingException, unlike other exceptions, does not blacklist this hook.
            throw new WeavingException("Plugin " + bundle.getSymbolicName() + " failed the sandbox inspection; class "
                    + wovenClass.getClassName() + " may not load");
        }
        wovenClass.setBytes(weaver.weave(wovenClass.getBytes()));
        wovenClass.getDynamicImports().add(SandboxPolicy.RUNTIME_PACKAGE);
    }

    // ---- Resolver hook ----

    @Override
    public ResolverHook begin(Collection<BundleRevision> triggers) {
        return new SandboxResolverHook();
    }

    private final class SandboxResolverHook implements ResolverHook {

        @Override
        public void filterResolvable(Collection<BundleRevision> candidates) {
            for (Iterator<BundleRevision> it = candidates.iterator(); it.hasNext();) {
                Bundle bundle = it.next().getBundle();
                if (isPlugin(bundle) && !verdict(bundle).report().accepted()) {
                    it.remove();
                }
            }
        }

        @Override
        public void filterSingletonCollisions(BundleCapability singleton, Collection<BundleCapability> collisionCandidates) {
            // Singletons are not part of the sandbox rules.
        }

        @Override
        public void filterMatches(BundleRequirement requirement, Collection<BundleCapability> candidates) {
            Bundle requirer = requirement.getRevision().getBundle();
            boolean pluginRequirer = isPlugin(requirer);
            List<String> removed = new ArrayList<>();
            for (Iterator<BundleCapability> it = candidates.iterator(); it.hasNext();) {
                BundleCapability candidate = it.next();
                Bundle provider = candidate.getRevision().getBundle();
                String reason = pluginRequirer
                        ? pluginWiringReason(requirement.getNamespace(), candidate, provider, requirer)
                        : otherWiringReason(provider, requirer);
                if (reason != null) {
                    it.remove();
                    removed.add(reason);
                }
            }
            if (pluginRequirer && !removed.isEmpty() && candidates.isEmpty()) {
                recordWiringRejection(requirer, requirement, removed.get(0));
            }
        }

        @Override
        public void end() {
            // Nothing to release.
        }
    }

    /** Returns why a plugin may not wire to a capability, or null when it may. */
    private static String pluginWiringReason(String namespace, BundleCapability candidate, Bundle provider, Bundle requirer) {
        if (provider.getBundleId() == requirer.getBundleId()) {
            return null;
        }
        switch (namespace) {
            case PackageNamespace.PACKAGE_NAMESPACE: {
                String packageName = String.valueOf(candidate.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE));
                if (SandboxPolicy.API_PACKAGES.contains(packageName) || packageName.equals(SandboxPolicy.RUNTIME_PACKAGE)) {
                    return null;
                }
                if (provider.getBundleId() == Constants.SYSTEM_BUNDLE_ID && SandboxPolicy.JDK_PACKAGES.contains(packageName)) {
                    return null;
                }
                return "package " + packageName + " from " + provider.getSymbolicName()
                        + " is outside the plugin allow-list";
            }
            case ExecutionEnvironmentNamespace.EXECUTION_ENVIRONMENT_NAMESPACE:
            case "osgi.extender":
            case "osgi.service":
                return null;
            default:
                return "namespace " + namespace + " is not available to plugins";
        }
    }

    /** Returns why a non-plugin bundle may not wire to a capability, or null when it may. */
    private static String otherWiringReason(Bundle provider, Bundle requirer) {
        if (provider.getBundleId() != requirer.getBundleId() && isPlugin(provider)) {
            return "plugin " + provider.getSymbolicName() + " does not share packages";
        }
        return null;
    }

    private void recordWiringRejection(Bundle requirer, BundleRequirement requirement, String reason) {
        String message = "Requirement " + requirement.getNamespace() + " " + requirement.getDirectives().get("filter")
                + " removed: " + reason;
        List<String> messages = wiringRejections.computeIfAbsent(requirer.getBundleId(), id -> new java.util.concurrent.CopyOnWriteArrayList<>());
        if (!messages.contains(message)) {
            messages.add(message);
            LOG.warn("Plugin {} (bundle {}) cannot resolve: {}", requirer.getSymbolicName(), requirer.getBundleId(), message);
        }
    }

    /** Returns the current verdict of a bundle if it was inspected, without inspecting it. */
    public Optional<Verdict> knownVerdict(long bundleId) {
        return Optional.ofNullable(verdicts.get(bundleId));
    }
}
