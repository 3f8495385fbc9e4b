package io.pixelcraft.itests;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The built distribution as an operator runs it: unpacked into a folder, given free loopback
 * ports, and started and stopped with {@code bin/start} and {@code bin/stop}.
 */
final class DistributionProcess {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final String JAVA_17 = "/usr/lib/jvm/java-17-openjdk-amd64";

    final Path home;
    final int httpPort;
    final int storePort;
    final int sshPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private DistributionProcess(Path home, int httpPort, int storePort, int sshPort) {
        this.home = home;
        this.httpPort = httpPort;
        this.storePort = storePort;
        this.sshPort = sshPort;
    }

    /** Unpacks the distribution archive named by the {@code pixelcraft.distribution} property. */
    static DistributionProcess unpack(Path target) throws IOException, InterruptedException {
        String archive = System.getProperty("pixelcraft.distribution");
        if (archive == null || !Files.isRegularFile(Path.of(archive))) {
            throw new IllegalStateException("System property pixelcraft.distribution must name the built tar.gz, got " + archive);
        }
        Files.createDirectories(target);
        run(List.of("tar", "-xzf", archive, "-C", target.toString(), "--strip-components=1"), target);

        DistributionProcess dist = new DistributionProcess(target, freePort(), freePort(), freePort());
        dist.configurePorts(freePort(), freePort());
        return dist;
    }

    private void configurePorts(int rmiRegistryPort, int rmiServerPort) throws IOException {
        Path etc = home.resolve("etc");
        replace(etc.resolve("custom.properties"), "org.osgi.service.http.port = 8181",
                "org.osgi.service.http.port = " + httpPort);
        replace(etc.resolve("org.apache.karaf.shell.cfg"), "sshPort = 8101", "sshPort = " + sshPort);
        replace(etc.resolve("org.apache.karaf.management.cfg"), "rmiRegistryPort = 1099",
                "rmiRegistryPort = " + rmiRegistryPort);
        replace(etc.resolve("org.apache.karaf.management.cfg"), "rmiServerPort = 44444",
                "rmiServerPort = " + rmiServerPort);
        // The feature installs its default io.pixelcraft.store.embedded.cfg on first start unless
        // the file exists, so writing it first fixes the port the test connects to.
        Files.writeString(etc.resolve("io.pixelcraft.store.embedded.cfg"), "port = " + storePort + "\n");
    }

    /** Starts the distribution and waits until {@code /api/health} reports UP. */
    void startAndAwaitHealthy() throws IOException, InterruptedException {
        run(List.of(home.resolve("bin/start").toString()), home);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/health"))
                                .timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                last = response.statusCode() + " " + response.body();
                if (response.statusCode() == 200 && response.body().contains("\"status\":\"UP\"")) {
                    return;
                }
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(250);
        }
        throw new AssertionError("Distribution in " + home + " not healthy after " + START_TIMEOUT + ": " + last);
    }

    /**
     * Stops the distribution with {@code bin/stop} and waits until its JVM has exited. Waiting
     * for {@code bin/status} is not enough: it reports stopped while the JVM still shuts down,
     * and a {@code bin/start} in that window finds the old process and starts nothing.
     */
    void stopAndAwaitExit() throws IOException, InterruptedException {
        long pid = karafPid();
        run(List.of(home.resolve("bin/stop").toString()), home);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                Thread.sleep(250);
            } else {
                return;
            }
        }
        throw new AssertionError("Karaf process " + pid + " still running " + START_TIMEOUT + " after bin/stop");
    }

    private long karafPid() throws IOException {
        java.util.Properties instances = new java.util.Properties();
        try (InputStream in = Files.newInputStream(home.resolve("instances/instance.properties"))) {
            instances.load(in);
        }
        return Long.parseLong(instances.getProperty("item.0.pid").trim());
    }

    /**
     * Runs one Karaf console command through {@code bin/client} as the generated admin user and
     * returns its output. The command goes in on standard input, because {@code bin/client}
     * prints nothing when its standard input is empty.
     */
    String console(String command) throws IOException, InterruptedException {
        String password = Files.readString(awaitFile(home.resolve("data/pixelcraft/initial-admin-password"))).trim();
        Process process = start(List.of(home.resolve("bin/client").toString(), "-a", String.valueOf(sshPort),
                "-u", "admin", "-p", password, "-r", "10", "-d", "2"), home);
        process.getOutputStream().write((command + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IOException("Console command '" + command + "' failed: " + output);
        }
        return output;
    }

    /** Waits until a file exists, because the distribution writes some files as bundles start. */
    static Path awaitFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!Files.exists(file) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return file;
    }

    private static void run(List<String> command, Path directory) throws IOException, InterruptedException {
        Process process = start(command, directory);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IOException("Command " + command + " failed: " + output);
        }
    }

    private static Process start(List<String> command, Path directory) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        Map<String, String> environment = builder.environment();
        if (Files.isDirectory(Path.of(JAVA_17))) {
            environment.put("JAVA_HOME", JAVA_17);
        }
        return builder.start();
    }

    private static void replace(Path file, String from, String to) throws IOException {
        String content = Files.readString(file);
        if (!content.contains(from)) {
            throw new IllegalStateException(file + " no longer contains '" + from + "'; update the test");
        }
        Files.writeString(file, content.replace(from, to));
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
