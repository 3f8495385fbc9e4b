package io.pixelcraft.itests;

import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.vmOptions;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javax.inject.Inject;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Boots the built PixelCraft distribution in Pax Exam and offers helpers for tests that run
 * inside it: free ports, a check for unresolved bundles and polling with a deadline.
 *
 * <p>{@link #distribution()} runs in the test JVM; every other method runs inside Karaf.
 */
public abstract class PixelCraftTestSupport {

    /** System property, set inside the container, with the HTTP port that this container uses. */
    protected static final String HTTP_PORT_PROPERTY = "pixelcraft.itest.http.port";

    protected static final Duration DEADLINE = Duration.ofSeconds(30);

    @Inject
    protected BundleContext bundleContext;

    /** Returns the options that boot the distribution with free loopback ports for HTTP and SSH. */
    protected static Option[] distribution() {
        String distribution = requiredProperty("pixelcraft.distribution");
        String karafVersion = requiredProperty("karaf.version");
        String localRepository = System.getProperty("maven.repo.local",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
        String httpPort = Integer.toString(freePort());
        String sshPort = Integer.toString(freePort());

        List<Option> options = new ArrayList<>();
        options.add(karafDistributionConfiguration()
                .frameworkUrl(new File(distribution).toURI().toString())
                .karafVersion(karafVersion)
                .name("PixelCraft")
                .unpackDirectory(new File("target/exam"))
                .useDeployFolder(false));
        options.add(configureConsole().ignoreLocalConsole().ignoreRemoteShell());
        options.add(logLevel(LogLevel.INFO));

        // Pax Exam picks free RMI ports itself; HTTP and SSH get free ports here so that
        // parallel builds and a running PixelCraft on the default ports do not collide.
        options.add(editConfigurationFilePut("etc/custom.properties", "org.osgi.service.http.port", httpPort));
        options.add(editConfigurationFilePut("etc/org.apache.felix.http.cfg", "org.osgi.service.http.port", httpPort));
        options.add(editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", sshPort));
        options.add(systemProperty(HTTP_PORT_PROPERTY).value(httpPort));

        // The distribution resolves bundles offline from system/ only. Pax Exam's own bundles
        // (its "exam" feature) come from the local Maven repository that this build filled.
        options.add(editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg",
                "org.ops4j.pax.url.mvn.localRepository", localRepository));

        options.add(vmOptions(karafJava17Options()));

        // -Dpixelcraft.itest.keep=true keeps target/exam/<id> with Karaf's log after the run.
        if (Boolean.getBoolean("pixelcraft.itest.keep")) {
            options.add(keepRuntimeFolder());
        }
        return options.toArray(new Option[0]);
    }

    /**
     * Returns the module flags that bin/karaf of Karaf 4.4.10 passes on Java 9 and later. Pax
     * Exam starts the JVM itself and does not add them. The paths are relative to the unpacked
     * distribution, which is the working directory of that JVM.
     */
    private static String[] karafJava17Options() {
        return new String[] {
            "--add-reads=java.xml=java.logging",
            "--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED",
            "--patch-module", "java.base=lib/endorsed/org.apache.karaf.specs.locator-4.4.10.jar",
            "--patch-module", "java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-4.4.10.jar",
            "--add-opens", "java.base/java.security=ALL-UNNAMED",
            "--add-opens", "java.base/java.net=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-opens", "java.base/java.util=ALL-UNNAMED",
            "--add-opens", "java.naming/javax.naming.spi=ALL-UNNAMED",
            "--add-opens", "java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED",
            "--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED",
            "--add-exports=java.base/sun.net.www.protocol.ftp=ALL-UNNAMED",
            "--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED",
            "--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED",
            "--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED",
            "--add-exports=java.base/sun.net.www.content.text=ALL-UNNAMED",
            "--add-exports=jdk.xml.dom/org.w3c.dom.html=ALL-UNNAMED",
            "--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED",
            "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.security.sasl/com.sun.security.sasl=ALL-UNNAMED",
            "--add-exports=java.naming/com.sun.jndi.ldap=ALL-UNNAMED",
        };
    }

    private static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank() || value.startsWith("${")) {
            throw new IllegalStateException("Missing system property " + name
                    + "; run the tests through Maven: ./mvnw verify -pl itests");
        }
        return value;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on 127.0.0.1", e);
        }
    }

    /** Fails when a bundle is only INSTALLED, naming each one: its imports did not resolve. */
    protected void assertNoUnresolvedBundles() {
        List<String> unresolved = new ArrayList<>();
        for (Bundle bundle : bundleContext.getBundles()) {
            if (bundle.getState() == Bundle.INSTALLED) {
                unresolved.add(bundle.getSymbolicName() + " " + bundle.getVersion());
            }
        }
        assertTrue("Unresolved bundles: " + unresolved, unresolved.isEmpty());
    }

    /**
     * Fails when a bundle is not ACTIVE, naming each one and its state. Fragments never start,
     * and a bundle with lazy activation stays STARTING until a class is loaded from it.
     */
    protected void assertBundlesActive() {
        List<String> inactive = new ArrayList<>();
        for (Bundle bundle : bundleContext.getBundles()) {
            boolean fragment = bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            boolean lazy = bundle.getState() == Bundle.STARTING
                    && bundle.getHeaders().get(Constants.BUNDLE_ACTIVATIONPOLICY) != null;
            if (!fragment && !lazy && bundle.getState() != Bundle.ACTIVE) {
                inactive.add(bundle.getSymbolicName() + " (state " + bundle.getState() + ")");
            }
        }
        assertTrue("Bundles not active: " + inactive, inactive.isEmpty());
    }

    protected Bundle bundle(String symbolicName) {
        for (Bundle bundle : bundleContext.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("Bundle " + symbolicName + " is not installed");
    }

    /** Waits up to {@link #DEADLINE} for a service and returns it. */
    protected <T> T awaitService(Class<T> type) throws InterruptedException {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(bundleContext, type, null);
        tracker.open();
        try {
            T service = tracker.waitForService(DEADLINE.toMillis());
            if (service == null) {
                fail("Service " + type.getName() + " not registered within " + DEADLINE);
            }
            return service;
        } finally {
            tracker.close();
        }
    }

    /**
     * Calls {@code attempt} every 200 ms until it returns without throwing or {@link #DEADLINE}
     * passes, then returns its result or fails with the last exception as the cause.
     */
    protected <T> T poll(String description, Supplier<T> attempt) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        Throwable lastFailure = null;
        while (System.nanoTime() < deadline) {
            try {
                return attempt.get();
            } catch (RuntimeException | AssertionError e) {
                lastFailure = e;
            }
            Thread.sleep(200);
        }
        AssertionError timeout = new AssertionError(description + " did not succeed within " + DEADLINE);
        timeout.initCause(lastFailure);
        throw timeout;
    }
}
