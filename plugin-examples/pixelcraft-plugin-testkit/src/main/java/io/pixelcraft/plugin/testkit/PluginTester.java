package io.pixelcraft.plugin.testkit;

import io.pixelcraft.api.document.DocumentSnapshot;
import io.pixelcraft.api.document.Op;
import io.pixelcraft.api.plugin.Filter;
import io.pixelcraft.api.plugin.FilterContext;
import io.pixelcraft.api.plugin.Parameters;
import io.pixelcraft.api.plugin.Raster;
import io.pixelcraft.api.plugin.Tool;
import io.pixelcraft.api.plugin.ToolContext;
import io.pixelcraft.plugin.host.internal.sandbox.BytecodeChecker;
import io.pixelcraft.plugin.host.internal.sandbox.Violation;
import io.pixelcraft.plugin.sandbox.CallBudget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a plugin's filters and tools as the platform would, without the platform: the same
 * bytecode check, the same woven time and allocation budgets, and the same parameter validation.
 *
 * <pre>{@code
 * PluginTester tester = PluginTester.forPlugin(DuotoneFilter.class);
 * tester.assertSandboxed();
 * Raster out = tester.runFilter(DuotoneFilter.class, PluginTester.gradient(64, 64), Map.of("dark", "#202040"));
 * }</pre>
 */
public final class PluginTester {

    /** Default wall time of one call, the platform's default too. */
    public static final long DEFAULT_TIMEOUT_MILLIS = 10_000;

    /** Default array allocation of one call, the platform's default too. */
    public static final long DEFAULT_MAX_ALLOCATION_BYTES = 512L * 1024 * 1024;

    private final Path classesRoot;
    private final Set<String> ownTypes;
    private final SandboxClassLoader loader;
    private long timeoutMillis = DEFAULT_TIMEOUT_MILLIS;
    private long maxAllocationBytes = DEFAULT_MAX_ALLOCATION_BYTES;

    private PluginTester(Path classesRoot, Set<String> ownTypes) {
        this.classesRoot = classesRoot;
        this.ownTypes = ownTypes;
        this.loader = new SandboxClassLoader(classesRoot, ownTypes, PluginTester.class.getClassLoader());
    }

    /**
     * Creates a tester for the plugin whose compiled classes contain the given class: every class
     * in the same classes directory (for Maven, {@code target/classes}) belongs to the plugin.
     *
     * @throws IllegalArgumentException when the class was not loaded from a directory
     */
    public static PluginTester forPlugin(Class<?> anyPluginClass) {
        Path root;
        try {
            root = Path.of(anyPluginClass.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalArgumentException("Cannot find the classes directory of " + anyPluginClass.getName(), e);
        }
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("Classes of " + anyPluginClass.getName() + " come from " + root
                    + ", not a directory; run the test from the plugin's own module");
        }
        Set<String> ownTypes = new HashSet<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(file -> file.toString().endsWith(".class"))
                    .forEach(file -> {
                        String relative = root.relativize(file).toString().replace('\\', '/');
                        ownTypes.add(relative.substring(0, relative.length() - ".class".length()));
                    });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + root, e);
        }
        return new PluginTester(root, Set.copyOf(ownTypes));
    }

    /** Sets the wall time of each call, in milliseconds. */
    public PluginTester timeoutMillis(long value) {
        this.timeoutMillis = value;
        return this;
    }

    /** Sets the bytes of arrays each call may allocate. */
    public PluginTester maxAllocationBytes(long value) {
        this.maxAllocationBytes = value;
        return this;
    }

    /** Returns the forbidden references in the plugin's classes, as the platform reports them at install. */
    public List<Violation> sandboxViolations() {
        BytecodeChecker checker = new BytecodeChecker(ownTypes::contains);
        List<Violation> violations = new ArrayList<>();
        for (String type : ownTypes) {
            try {
                violations.addAll(checker.check(Files.readAllBytes(classesRoot.resolve(type + ".class"))));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read class " + type, e);
            }
        }
        return violations;
    }

    /**
     * Fails when the plugin uses an API that the platform's sandbox rejects.
     *
     * @throws AssertionError listing every violation: class, location, member and reason
     */
    public void assertSandboxed() {
        List<Violation> violations = sandboxViolations();
        if (!violations.isEmpty()) {
            StringBuilder message = new StringBuilder("The platform would reject this plugin at install:");
            for (Violation violation : violations) {
                message.append(System.lineSeparator()).append("  ").append(violation);
            }
            throw new AssertionError(message.toString());
        }
    }

    /**
     * Runs a filter on an input within the budgets. The filter class is loaded again with the
     * platform's woven checks, so an endless loop fails the test instead of hanging it.
     *
     * @param filterType a filter class of this plugin with a public no-argument constructor
     * @param parameters raw parameter values as JSON would carry them; absent ones take defaults
     * @throws IllegalArgumentException when a parameter is invalid
     * @throws io.pixelcraft.plugin.sandbox.BudgetExceededError when the call exceeds its budget
     */
    public Raster runFilter(Class<? extends Filter> filterType, Raster input, Map<String, ?> parameters) {
        Filter filter = instantiate(filterType, Filter.class);
        Parameters resolved = filter.schema().resolve(parameters);
        try (CallBudget budget = CallBudget.open(timeoutMillis, TimeUnit.MILLISECONDS, maxAllocationBytes)) {
            return filter.apply(input, resolved, new TestContext(budget));
        }
    }

    /**
     * Runs a tool on a document within the budgets, like {@link #runFilter}.
     *
     * @throws IllegalArgumentException when a parameter is invalid
     */
    public List<Op> runTool(Class<? extends Tool> toolType, DocumentSnapshot document, List<String> selection,
            Map<String, ?> parameters) {
        Tool tool = instantiate(toolType, Tool.class);
        Parameters resolved = tool.schema().resolve(parameters);
        try (CallBudget budget = CallBudget.open(timeoutMillis, TimeUnit.MILLISECONDS, maxAllocationBytes)) {
            return List.copyOf(tool.apply(document, List.copyOf(selection), resolved, new TestContext(budget)));
        }
    }

    private <T> T instantiate(Class<? extends T> type, Class<T> spi) {
        try {
            Class<?> woven = loader.loadClass(type.getName());
            return spi.cast(woven.getConstructor().newInstance());
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(type.getName() + " needs a public no-argument constructor, as Declarative Services uses", e);
        }
    }

    /** Returns a raster with a horizontal red and vertical green gradient, opaque, for sample input. */
    public static Raster gradient(int width, int height) {
        int[] pixels = new int[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int red = width == 1 ? 0 : x * 255 / (width - 1);
                int green = height == 1 ? 0 : y * 255 / (height - 1);
                pixels[y * width + x] = 0xFF000000 | (red << 16) | (green << 8) | 0x80;
            }
        }
        return Raster.of(width, height, pixels);
    }

    /**
     * The context of one test call: cancellation from the budget, and progress values checked
     * more strictly than the platform does, which clamps them to [0, 1].
     */
    private static final class TestContext implements ToolContext {

        private final CallBudget budget;
        private int counter;

        TestContext(CallBudget budget) {
            this.budget = budget;
        }

        @Override
        public void progress(double fraction) {
            if (fraction < 0 || fraction > 1 || Double.isNaN(fraction)) {
                throw new IllegalArgumentException("Progress " + fraction + " is outside [0, 1]");
            }
        }

        @Override
        public boolean cancelled() {
            return budget.exhausted() != null;
        }

        @Override
        public String newNodeId() {
            return "test-node-" + (++counter);
        }

        @Override
        public String newOpId() {
            return "test-op-" + (++counter);
        }
    }
}
