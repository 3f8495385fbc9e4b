package io.pixelcraft.plugin.host.internal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

class PluginInspectorTest {

    private final PluginInspector inspector = new PluginInspector();

    /** Builds a plugin jar with the given extra headers and hostile classes. */
    static byte[] jar(Map<String, String> headers, String... hostileClasses) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "test.hostile");
        main.putValue("Bundle-Version", "1.2.3");
        headers.forEach(main::putValue);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
            for (String simpleName : hostileClasses) {
                String binaryName = HostilePlugins.PACKAGE + simpleName;
                out.putNextEntry(new JarEntry(binaryName.replace('.', '/') + ".class"));
                out.write(HostilePlugins.classFile(binaryName));
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void jarWithoutHeaderIsNoPlugin() throws IOException {
        PluginInspector.Report report = inspector.inspectJar(jar(Map.of(), "ExitsJvm"));

        assertThat(report.plugin()).isFalse();
        assertThat(report.accepted()).isTrue();
    }

    @Test
    void hostilePluginJarRejected() throws IOException {
        PluginInspector.Report report = inspector.inspectJar(jar(Map.of("PixelCraft-Plugin", "1"),
                "ReadsFile", "OpensSocket", "ExitsJvm", "WellBehaved"));

        assertThat(report.plugin()).isTrue();
        assertThat(report.symbolicName()).isEqualTo("test.hostile");
        assertThat(report.version()).isEqualTo("1.2.3");
        assertThat(report.accepted()).isFalse();
        assertThat(report.violations()).extracting(Violation::reason)
                .contains("file access", "network access", "terminates the JVM");
        assertThat(report.violations()).extracting(Violation::className)
                .doesNotContain(HostilePlugins.PACKAGE + "WellBehaved");
    }

    @Test
    void wellBehavedPluginJarAccepted() throws IOException {
        PluginInspector.Report report = inspector.inspectJar(jar(Map.of("PixelCraft-Plugin", "1"), "WellBehaved", "LoopsForever"));

        assertThat(report.violations()).isEmpty();
        assertThat(report.accepted()).isTrue();
    }

    @Test
    void forbiddenHeadersRejected() throws IOException {
        PluginInspector.Report report = inspector.inspectJar(jar(Map.of(
                "PixelCraft-Plugin", "1",
                "Bundle-Activator", "x.Activator",
                "DynamicImport-Package", "*",
                "Bundle-ClassPath", ".,lib/evil.jar"), "WellBehaved"));

        assertThat(report.violations()).extracting(Violation::location)
                .containsExactlyInAnyOrder("Bundle-Activator", "DynamicImport-Package", "Bundle-ClassPath");
    }

    @Test
    void unknownFormatRejected() throws IOException {
        PluginInspector.Report report = inspector.inspectJar(jar(Map.of("PixelCraft-Plugin", "2"), "WellBehaved"));

        assertThat(report.violations()).singleElement()
                .satisfies(violation -> assertThat(violation.reason()).startsWith("unsupported plugin format"));
    }

    @Test
    void garbageUploadFails() {
        assertThatThrownBy(() -> inspector.inspectJar(new byte[] {'P', 'K', 3, 4, 0}))
                .isInstanceOf(IOException.class);
    }

    @Test
    void multiReleaseEntryNamesStripped() {
        assertThat(PluginInspector.internalName("META-INF/versions/17/a/B.class")).isEqualTo("a/B");
        assertThat(PluginInspector.internalName("/a/B.class")).isEqualTo("a/B");
    }
}
