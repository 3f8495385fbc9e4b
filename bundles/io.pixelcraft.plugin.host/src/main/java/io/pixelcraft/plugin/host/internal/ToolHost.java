package io.pixelcraft.plugin.host.internal;

import io.pixelcraft.api.document.DocumentSnapshot;
import io.pixelcraft.api.document.Node;
import io.pixelcraft.api.document.Op;
import io.pixelcraft.api.plugin.FilterContext;
import io.pixelcraft.api.plugin.ParameterSchema;
import io.pixelcraft.api.plugin.Parameters;
import io.pixelcraft.api.plugin.Tool;
import io.pixelcraft.api.plugin.ToolContext;
import io.pixelcraft.api.plugin.ToolRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the registered tools (a whiteboard of {@link Tool} services) and runs them within their
 * budgets for the bundle that owns the op path.
 */
@Component(service = {ToolRunner.class, ToolHost.class}, configurationPid = "io.pixelcraft.plugin.host")
public class ToolHost implements ToolRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ToolHost.class);

    /** Most ops one tool call may return. */
    static final int MAX_OPS = 10_000;

    /** A registered tool with the metadata read from it when it arrived. */
    public record ToolEntry(String id, Map<String, String> names, ParameterSchema schema, Tool tool,
            long bundleId, String symbolicName, String version) {

        public String name(Locale locale) {
            return names.getOrDefault(locale.getLanguage(), names.get("en"));
        }
    }

    private final PluginHostConfig config;
    private final PluginHost host;
    private final PluginCallRunner runner;
    private final Map<String, ToolEntry> tools = new ConcurrentHashMap<>();
    private final Map<ServiceReference<Tool>, String> toolIdsByReference = new ConcurrentHashMap<>();

    @Activate
    public ToolHost(PluginHostConfig config, @Reference PluginHost host) {
        this.config = config;
        this.host = host;
        this.runner = new PluginCallRunner(1, config.queueSize());
    }

    @Deactivate
    void deactivate() {
        runner.close();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, unbind = "unbindTool")
    void bindTool(Tool tool, ServiceReference<Tool> reference) {
        Bundle bundle = reference.getBundle();
        if (bundle == null) {
            return;
        }
        CallOutcome<ToolEntry> metadata = runner.call("Metadata of a tool in " + bundle.getSymbolicName(),
                limits(config.metadataTimeoutMillis()), ignored -> readMetadata(tool, bundle));
        if (metadata instanceof CallOutcome.Failed<ToolEntry> failed) {
            LOG.error("Ignoring a tool of plugin {} (bundle {}): {}", bundle.getSymbolicName(), bundle.getBundleId(), failed.message());
            return;
        }
        ToolEntry entry = ((CallOutcome.Success<ToolEntry>) metadata).value();
        if (tools.putIfAbsent(entry.id(), entry) != null) {
            LOG.warn("Ignoring tool {} of plugin {}: another plugin already registered that id", entry.id(), entry.symbolicName());
            return;
        }
        toolIdsByReference.put(reference, entry.id());
        LOG.info("Tool {} {} available from plugin {}", entry.id(), entry.version(), entry.symbolicName());
    }

    void unbindTool(Tool tool, ServiceReference<Tool> reference) {
        String id = toolIdsByReference.remove(reference);
        if (id != null) {
            tools.remove(id);
            LOG.info("Tool {} removed", id);
        }
    }

    private static ToolEntry readMetadata(Tool tool, Bundle bundle) {
        String id = tool.id();
        if (id == null || !id.matches("[a-z0-9][a-z0-9.-]{0,99}")) {
            throw new IllegalArgumentException("Tool id '" + id + "' is invalid: use lower-case letters, digits, dots and hyphens");
        }
        Map<String, String> names = new LinkedHashMap<>();
        for (Locale locale : PluginHost.NAME_LOCALES) {
            String name = tool.name(locale);
            if (name != null && !name.isBlank()) {
                names.put(locale.getLanguage(), name.length() > 100 ? name.substring(0, 100) : name);
            }
        }
        names.putIfAbsent("en", id);
        ParameterSchema schema = tool.schema() == null ? ParameterSchema.EMPTY : tool.schema();
        return new ToolEntry(id, Map.copyOf(names), schema, tool, bundle.getBundleId(), bundle.getSymbolicName(),
                bundle.getVersion().toString());
    }

    /** Returns the registered tools sorted by id. */
    public List<ToolEntry> tools() {
        List<ToolEntry> list = new ArrayList<>(tools.values());
        list.sort(Comparator.comparing(ToolEntry::id));
        return list;
    }

    @Override
    public List<Op> run(String toolId, DocumentSnapshot document, List<String> selection, Map<String, Object> parameters) {
        ToolEntry entry = tools.get(toolId);
        if (entry == null) {
            throw new IllegalArgumentException("Tool " + toolId + " is not installed");
        }
        String disabledReason = host.state(entry.symbolicName()).disabledReason();
        if (disabledReason != null) {
            throw new IllegalArgumentException("Tool " + toolId + " is disabled: " + disabledReason);
        }
        Parameters resolved = entry.schema().resolve(parameters);
        Set<String> usedIds = new HashSet<>(document.deleted());
        for (Node node : document.nodes()) {
            usedIds.add(node.id());
        }
        List<String> selectionCopy = List.copyOf(selection);
        long start = System.nanoTime();
        CallOutcome<List<Op>> outcome = runner.call("Tool " + toolId, limits(config.callTimeoutMillis()),
                context -> entry.tool().apply(document, selectionCopy, resolved, new HostToolContext(context, usedIds)));
        host.recordOutcome(entry.symbolicName(), entry.version(), entry.bundleId(), PluginCallMeters.TYPE_TOOL, outcome,
                System.nanoTime() - start);
        if (outcome instanceof CallOutcome.Failed<List<Op>> failed) {
            throw new IllegalStateException(failed.message());
        }
        List<Op> ops = List.copyOf(((CallOutcome.Success<List<Op>>) outcome).value());
        if (ops.size() > MAX_OPS) {
            throw new IllegalStateException("Tool " + toolId + " returned " + ops.size() + " ops, above the limit of " + MAX_OPS);
        }
        return ops;
    }

    private PluginCallRunner.Limits limits(long timeoutMillis) {
        return new PluginCallRunner.Limits(Duration.ofMillis(timeoutMillis), config.maxAllocationBytes(), 0);
    }

    /** The tool context of one call: the budget's cancellation and ids that the document does not use. */
    private static final class HostToolContext implements ToolContext {

        private final FilterContext budget;
        private final Set<String> usedIds;
        private final String prefix = UUID.randomUUID().toString().substring(0, 8);
        private int counter;

        HostToolContext(FilterContext budget, Set<String> usedIds) {
            this.budget = budget;
            this.usedIds = usedIds;
        }

        @Override
        public void progress(double fraction) {
            budget.progress(fraction);
        }

        @Override
        public boolean cancelled() {
            return budget.cancelled();
        }

        @Override
        public synchronized String newNodeId() {
            String id;
            do {
                id = "n-" + prefix + "-" + (++counter);
            } while (!usedIds.add(id));
            return id;
        }

        @Override
        public synchronized String newOpId() {
            return "tool-" + prefix + "-" + (++counter);
        }
    }
}
