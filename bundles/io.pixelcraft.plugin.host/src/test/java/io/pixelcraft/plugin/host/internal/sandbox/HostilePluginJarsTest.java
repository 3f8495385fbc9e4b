package io.pixelcraft.plugin.host.internal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Builds each hostile test plugin as an installable bundle jar in {@code target/hostile-plugins/}
 * (a DS component registering the filter, the plugin header and the imports its code needs) and
 * checks the install-time verdict on the jar. The container tests install these jars into Karaf.
 */
class HostilePluginJarsTest {

    static final Path OUTPUT = Path.of("target", "hostile-plugins");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "ReadsFile               | java.io,java.nio.file                         | false",
        "OpensSocket             | java.io,java.net                              | false",
        "ExitsJvm                |                                               | false",
        "ExitsViaMethodReference | java.lang.invoke,java.util.function           | false",
        "ReflectsIntoPlatform    | java.lang.reflect                             | false",
        "StartsThread            | java.lang.invoke                              | false",
        "UsesParallelStream      | java.util.stream                              | false",
        "ImportsInternalPackage  | io.pixelcraft.plugin.sandbox,java.util.concurrent | false",
        "LoopsInSynchronized     |                                               | true",
        "LoopsForever            |                                               | true",
        "RecursesForever         |                                               | true",
        "AllocatesWithoutBound   |                                               | true",
        "AllocatesGrid           |                                               | true",
        "WellBehaved             | java.lang.invoke,java.util.function           | true",
    })
    void hostileBundleBuiltAndJudged(String plugin, String extraImports, boolean accepted) throws IOException {
        byte[] jar = bundle(plugin, extraImports);
        Files.createDirectories(OUTPUT);
        Files.write(OUTPUT.resolve("hostile-" + plugin + ".jar"), jar);

        PluginInspector.Report report = new PluginInspector().inspectJar(jar);

        assertThat(report.plugin()).isTrue();
        assertThat(report.accepted()).as("verdict on %s: %s", plugin, report.violations()).isEqualTo(accepted);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"ImportsFramework | org.osgi.framework"})
    void importOnlyBundleBuilt(String name, String extraImports) throws IOException {
        // Its code is clean, so only the resolver hook stops it: the import of a platform package.
        byte[] jar = bundle("WellBehaved", "java.lang.invoke,java.util.function," + extraImports, name);
        Files.createDirectories(OUTPUT);
        Files.write(OUTPUT.resolve("hostile-" + name + ".jar"), jar);

        assertThat(new PluginInspector().inspectJar(jar).accepted()).isTrue();
    }

    private static byte[] bundle(String plugin, String extraImports) throws IOException {
        return bundle(plugin, extraImports, plugin);
    }

    private static byte[] bundle(String plugin, String extraImports, String bundleName) throws IOException {
        String className = HostilePlugins.PACKAGE + plugin;
        String component = "OSGI-INF/" + className + ".xml";
        String imports = "io.pixelcraft.api.plugin;version=\"[1.0,2)\",java.lang,java.util"
                + (extraImports == null || extraImports.isBlank() ? "" : "," + extraImports.trim());

        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "test.hostile." + bundleName);
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("PixelCraft-Plugin", "1");
        main.putValue("Import-Package", imports);
        main.putValue("Service-Component", component);
        main.putValue("Require-Capability", "osgi.extender;filter:=\"(&(osgi.extender=osgi.component)(version>=1.3.0)(!(version>=2.0.0)))\"");

        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\" name=\"" + className + "\" immediate=\"true\">\n"
                + "  <implementation class=\"" + className + "\"/>\n"
                + "  <service><provide interface=\"io.pixelcraft.api.plugin.Filter\"/></service>\n"
                + "</scr:component>\n";

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
            out.putNextEntry(new JarEntry(className.replace('.', '/') + ".class"));
            out.write(HostilePlugins.classFile(className));
            out.closeEntry();
            out.putNextEntry(new JarEntry(component));
            out.write(xml.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return bytes.toByteArray();
    }
}
