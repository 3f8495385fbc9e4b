package io.pixelcraft.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.pixelcraft.api.plugin.FilterPipeline;
import io.pixelcraft.api.plugin.FilterStep;
import io.pixelcraft.api.plugin.Raster;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;

/**
 * Installs the hostile test plugins into the running distribution and checks that the sandbox
 * rejects each one at install or stops it at its budget, while {@code /api/health} keeps
 * returning 200.
 *
 * <p>The container runs with a call timeout of 1 s and an allocation budget of 128 MiB, below
 * the defaults of 10 s and 512 MiB, so that three budget failures per plugin take seconds and
 * the 256 MiB grid of {@code AllocatesGrid} exceeds the budget.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PluginSandboxIT extends PluginTestSupport {

    private static final long CALL_TIMEOUT_MILLIS = 1_000;
    private static final long MAX_ALLOCATION_BYTES = 128L * 1024 * 1024;
    private static final int MAX_BUDGET_FAILURES = 3;

    private static final String HOSTILE_PACKAGE = "io.pixelcraft.plugin.host.hostile.";

    /** A plugin that the bytecode check rejects: the reason and a part of the referenced member. */
    private record Forbidden(String name, String reason, String member) {
    }

    private static final List<Forbidden> FORBIDDEN = List.of(
            new Forbidden("ReadsFile", "file access", "java.nio.file.Files"),
            new Forbidden("OpensSocket", "network access", "java.net.Socket"),
            new Forbidden("ExitsJvm", "terminates the JVM", "java.lang.System.exit"),
            new Forbidden("ExitsViaMethodReference", "terminates the JVM", "java.lang.System.exit"),
            new Forbidden("ReflectsIntoPlatform", "reflection", "java.lang.Class.forName"),
            new Forbidden("StartsThread", "threads", "java.lang.Thread"),
            new Forbidden("UsesParallelStream", "threads: runs on the shared fork-join pool", "parallel"),
            new Forbidden("ImportsInternalPackage", "platform internals", "io.pixelcraft.plugin.sandbox.CallBudget"));

    /** The forbidden categories that the acceptance list names, installed without the admin service. */
    private static final List<String> INSTALLED_DIRECTLY = List.of(
            "ReadsFile", "OpensSocket", "ExitsJvm", "ReflectsIntoPlatform", "StartsThread", "ImportsInternalPackage");

    /** A plugin whose calls exceed a budget: its filter id and a part of the failure message. */
    private record BudgetBreaker(String name, String filterId, String failure) {
    }

    private static final List<BudgetBreaker> BUDGET_BREAKERS = List.of(
            new BudgetBreaker("LoopsForever", "hostile.loops-forever", "did not finish within " + CALL_TIMEOUT_MILLIS + " ms"),
            new BudgetBreaker("RecursesForever", "hostile.recurses-forever", "did not finish within " + CALL_TIMEOUT_MILLIS + " ms"),
            new BudgetBreaker("LoopsInSynchronized", "hostile.loops-in-synchronized", "did not finish within " + CALL_TIMEOUT_MILLIS + " ms"),
            new BudgetBreaker("AllocatesWithoutBound", "hostile.allocates-without-bound", "allocated more than " + MAX_ALLOCATION_BYTES),
            new BudgetBreaker("AllocatesGrid", "hostile.allocates-grid", "allocated more than " + MAX_ALLOCATION_BYTES));

    private static final String CONTROL_FILTER = "hostile.well-behaved";

    /** Kept across the test methods, which all run in the same container. */
    private static String adminToken;

    private HealthMonitor health;

    @Configuration
    public Option[] configuration() {
        // The test calls the pipeline without a request, so every call has the same caller
        // ("platform"). One distinct caller must therefore be enough to disable a plugin here.
        return pluginDistribution(Map.of(
                "callTimeoutMillis", Long.toString(CALL_TIMEOUT_MILLIS),
                "maxAllocationBytes", Long.toString(MAX_ALLOCATION_BYTES),
                "maxBudgetFailures", Integer.toString(MAX_BUDGET_FAILURES),
                "distinctCallersBeforeDisable", "1"));
    }

    @Before
    public void startHealthMonitor() throws InterruptedException {
        if (adminToken == null) {
            adminToken = adminToken();
        }
        awaitHealthy();
        health = new HealthMonitor();
    }

    @After
    public void stopHealthMonitor() throws InterruptedException {
        if (health != null) {
            health.close();
        }
    }

    @Test
    public void forbiddenCodeRejectedOverRest() throws Exception {
        for (Forbidden plugin : FORBIDDEN) {
            String symbolicName = "test.hostile." + plugin.name();

            HttpResponse<String> response = uploadPlugin(Files.readAllBytes(hostileJar(plugin.name())), adminToken);

            assertEquals("POST /api/plugins with " + plugin.name() + ": " + response.body(), 422, response.statusCode());
            List<Document> errors = Document.parse(response.body()).getList("errors", Document.class);
            assertNotNull("errors of the rejection of " + plugin.name() + ": " + response.body(), errors);
            assertTrue("a violation of " + plugin.name() + " naming class, member and reason '" + plugin.reason()
                    + "' in " + errors, errors.stream().anyMatch(error -> names(error, plugin)));
            assertNull(plugin.name() + " is installed after its rejection", installedBundle(symbolicName));
        }
        health.assertAlwaysHealthy();
    }

    @Test
    public void platformImportRejectedOverRest() throws Exception {
        HttpResponse<String> response = uploadPlugin(Files.readAllBytes(hostileJar("ImportsFramework")), adminToken);

        assertEquals("POST /api/plugins with ImportsFramework: " + response.body(), 422, response.statusCode());
        String detail = Document.parse(response.body()).getString("detail");
        assertTrue("rejection names the import: " + detail, detail.contains("org.osgi.framework"));
        assertTrue("rejection gives the reason: " + detail, detail.contains("outside the plugin allow-list"));
        assertNull("ImportsFramework is installed after its rejection", installedBundle("test.hostile.ImportsFramework"));
        health.assertAlwaysHealthy();
    }

    /**
     * Installs plugins past the admin service, as {@code bundle:install} does, and checks that
     * they never start and that the plugin list reports why.
     */
    @Test
    public void forbiddenCodeNeverActiveAfterBundleInstall() throws Exception {
        FilterPipeline pipeline = awaitService(FilterPipeline.class);
        for (String name : INSTALLED_DIRECTLY) {
            Forbidden plugin = FORBIDDEN.stream().filter(candidate -> candidate.name().equals(name)).findFirst().orElseThrow();
            Bundle bundle = install(name);
            try {
                assertStartFails(bundle);

                Document listed = listedPlugin(bundle.getSymbolicName(), adminToken);
                assertNotNull(name + " missing from GET /api/plugins", listed);
                assertEquals("state of " + name + " in GET /api/plugins", "INSTALLED", listed.getString("state"));
                List<Document> violations = listed.getList("violations", Document.class);
                assertTrue("a violation of " + name + " with member and reason in " + violations,
                        violations.stream().anyMatch(violation -> violation.getString("class").startsWith(HOSTILE_PACKAGE + name)
                                && violation.getString("reason").equals(plugin.reason())
                                && violation.getString("member").contains(plugin.member())));

                String filterId = "hostile." + kebab(name);
                FilterPipeline.Result result = pipeline.render(UUID.randomUUID().toString(), Raster.filled(2, 2, 0xFF336699),
                        List.of(new FilterStep(filterId, Map.of())));
                assertEquals("skipped steps of " + filterId, 1, result.skipped().size());
            } finally {
                bundle.uninstall();
            }
        }
        health.assertAlwaysHealthy();
    }

    /** Replaces a running, accepted plugin with forbidden code, as {@code bundle:update} does. */
    @Test
    public void updateToForbiddenCodeNeverActive() throws Exception {
        // A name of its own, because another test installs the control plugin under its name.
        byte[] control = withHeader(Files.readAllBytes(hostileJar("WellBehaved")), "Bundle-SymbolicName", "test.hostile.UpdatedControl");
        Bundle bundle = bundleContext.installBundle("itest:UpdatedControl", new ByteArrayInputStream(control));
        try {
            bundle.start();
            assertEquals("state of the control plugin after start", Bundle.ACTIVE, bundle.getState());

            // The framework restarts an updated bundle that was active. Felix 7 throws from
            // update() when that start fails; the OSGi specification allows a framework event.
            try (InputStream jar = Files.newInputStream(hostileJar("ReadsFile"))) {
                bundle.update(jar);
            } catch (BundleException restartFailed) {
                assertTrue("reason of the failed restart: " + restartFailed.getMessage(),
                        restartFailed.getMessage().contains("Resolver hook prevented resolution"));
            }
            assertEquals("state after the update to ReadsFile", Bundle.INSTALLED, bundle.getState());
            assertStartFails(bundle);

            Document listed = listedPlugin("test.hostile.ReadsFile", adminToken);
            assertNotNull("updated bundle missing from GET /api/plugins", listed);
            assertTrue("violations of the updated bundle: " + listed.toJson(),
                    listed.getList("violations", Document.class).stream()
                            .anyMatch(violation -> "file access".equals(violation.getString("reason"))));
        } finally {
            bundle.uninstall();
        }
        health.assertAlwaysHealthy();
    }

    @Test
    public void platformImportNeverResolvesAfterBundleInstall() throws Exception {
        Bundle bundle = install("ImportsFramework");
        try {
            assertStartFails(bundle);

            Document listed = listedPlugin(bundle.getSymbolicName(), adminToken);
            assertNotNull("ImportsFramework missing from GET /api/plugins", listed);
            List<String> rejections = listed.getList("wiringRejections", String.class);
            assertTrue("wiring rejection naming org.osgi.framework in " + rejections,
                    rejections.stream().anyMatch(rejection -> rejection.contains("org.osgi.framework")
                            && rejection.contains("outside the plugin allow-list")));
        } finally {
            bundle.uninstall();
        }
        health.assertAlwaysHealthy();
    }

    /**
     * Runs each plugin that exceeds a budget until the host disables it. After each failed call
     * the control plugin must still run on the same workers.
     */
    @Test
    public void budgetBreakersFailThenDisabled() throws Exception {
        FilterPipeline pipeline = awaitService(FilterPipeline.class);
        installOverRest("WellBehaved", CONTROL_FILTER);

        for (BudgetBreaker plugin : BUDGET_BREAKERS) {
            String symbolicName = "test.hostile." + plugin.name();
            installOverRest(plugin.name(), plugin.filterId());

            for (int call = 1; call <= MAX_BUDGET_FAILURES; call++) {
                long started = System.nanoTime();
                FilterPipeline.Result result = render(pipeline, plugin.filterId());
                long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

                assertEquals("skipped steps of call " + call + " to " + plugin.filterId(), 1, result.skipped().size());
                String reason = result.skipped().get(0).reason();
                assertTrue("reason of call " + call + " to " + plugin.filterId() + ": " + reason, reason.contains(plugin.failure()));
                assertTrue("call " + call + " to " + plugin.filterId() + " took " + elapsedMillis + " ms",
                        elapsedMillis < CALL_TIMEOUT_MILLIS + 5_000);
                assertControlRuns(pipeline);
            }

            Document disabled = poll(plugin.name() + " disabled in GET /api/plugins", () -> {
                Document listed = listedPlugin(symbolicName, adminToken);
                assertNotNull(plugin.name() + " missing from GET /api/plugins", listed);
                assertFalse(plugin.name() + " still enabled: " + listed.toJson(), listed.getBoolean("enabled"));
                return listed;
            });
            assertTrue("disabled reason of " + plugin.name() + ": " + disabled.getString("disabledReason"),
                    disabled.getString("disabledReason").contains(MAX_BUDGET_FAILURES + " calls from 1 distinct callers failed"));
            assertEquals("budget failures of " + plugin.name(), MAX_BUDGET_FAILURES, disabled.getInteger("budgetFailures").intValue());
            assertNotEquals("bundle state of disabled " + plugin.name(), Bundle.ACTIVE, installedBundle(symbolicName).getState());

            FilterPipeline.Result afterDisable = render(pipeline, plugin.filterId());
            assertEquals("skipped steps after " + plugin.filterId() + " was disabled", 1, afterDisable.skipped().size());
        }
        health.assertAlwaysHealthy();
    }

    private boolean names(Document error, Forbidden plugin) {
        return error.getString("field").startsWith(HOSTILE_PACKAGE + plugin.name())
                && plugin.reason().equals(error.getString("rule"))
                && error.getString("message").contains(plugin.member());
    }

    private Bundle install(String name) throws Exception {
        try (InputStream jar = Files.newInputStream(hostileJar(name))) {
            return bundleContext.installBundle("itest:" + name, jar);
        }
    }

    private static void assertStartFails(Bundle bundle) {
        try {
            bundle.start();
            fail(bundle.getSymbolicName() + " started; state " + bundle.getState());
        } catch (BundleException expected) {
            assertEquals("state of " + bundle.getSymbolicName() + " after the failed start", Bundle.INSTALLED, bundle.getState());
        }
    }

    /** Installs a plugin through {@code POST /api/plugins} and waits until its filter is listed. */
    private void installOverRest(String name, String filterId) throws Exception {
        HttpResponse<String> response = uploadPlugin(Files.readAllBytes(hostileJar(name)), adminToken);
        assertEquals("POST /api/plugins with " + name + ": " + response.body(), 201, response.statusCode());
        assertEquals("state of " + name + " after install", "ACTIVE", Document.parse(response.body()).getString("state"));
        poll(filterId + " listed in GET /api/plugins", () -> {
            assertNotNull(filterId + " not listed", listedFilter(filterId, adminToken));
            return filterId;
        });
    }

    /** Renders a fresh source, so the result cache never returns a result in place of the call. */
    private static FilterPipeline.Result render(FilterPipeline pipeline, String filterId) {
        return pipeline.render(UUID.randomUUID().toString(), Raster.filled(4, 4, 0xFF336699),
                List.of(new FilterStep(filterId, Map.of())));
    }

    /**
     * Runs the control filter, which needs a free worker: the host has two, so a budget breaker
     * that kept running after its failed call would soon leave this call waiting past its deadline.
     */
    private static void assertControlRuns(FilterPipeline pipeline) {
        FilterPipeline.Result result = render(pipeline, CONTROL_FILTER);

        assertEquals("skipped steps of the control filter: " + result.skipped(), 0, result.skipped().size());
        assertEquals("control filter output", 0xFFCC9966, result.raster().argb(1, 1));
    }

    /** Turns {@code ReadsFile} into {@code reads-file}, the form of the hostile filter ids. */
    private static String kebab(String name) {
        return name.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
