package io.pixelcraft.plugin.host.internal.sandbox;

import io.pixelcraft.api.plugin.Plugins;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

/**
 * Checks a whole plugin before any of its classes can run: the manifest headers and every
 * {@code .class} entry, including those under {@code META-INF/versions/}.
 */
public final class PluginInspector {

    /** Manifest headers a sandboxed plugin may not carry, with the reason. */
    private static final Map<String, String> FORBIDDEN_HEADERS = Map.of(
            "Bundle-Activator", "an activator runs outside any budget; register services with Declarative Services",
            "Bundle-NativeCode", "native code",
            "DynamicImport-Package", "dynamic imports bypass the import check",
            "Require-Bundle", "plugins wire by package only",
            "Fragment-Host", "a fragment would run inside its host bundle",
            "Export-Package", "plugins do not share packages with other bundles",
            "Bundle-ClassPath", "embedded jars are not checked; put classes at the root of the bundle");

    /** Largest class file the inspector reads, against decompression bombs. */
    static final int MAX_CLASS_BYTES = 4 * 1024 * 1024;

    /** Largest sum of class files in one plugin. */
    static final long MAX_TOTAL_CLASS_BYTES = 64L * 1024 * 1024;

    /** The outcome of an inspection. */
    public record Report(String symbolicName, String version, boolean plugin, List<Violation> violations) {

        public Report {
            violations = List.copyOf(violations);
        }

        /** Returns whether the bundle may install: it is no plugin, or a plugin without violations. */
        public boolean accepted() {
            return violations.isEmpty();
        }
    }

    /**
     * Inspects a bundle jar.
     *
     * @throws IOException when the jar cannot be read or exceeds the size limits
     */
    public Report inspectJar(byte[] jar) throws IOException {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        Manifest manifest;
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            manifest = in.getManifest();
            long total = 0;
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (!entry.isDirectory() && entry.getName().endsWith(".class")) {
                    byte[] bytes = readLimited(in, entry.getName());
                    total += bytes.length;
                    if (total > MAX_TOTAL_CLASS_BYTES) {
                        throw new IOException("Plugin classes exceed " + MAX_TOTAL_CLASS_BYTES + " bytes in total");
                    }
                    classes.put(entry.getName(), bytes);
                }
            }
        }
        if (manifest == null) {
            throw new IOException("Jar has no META-INF/MANIFEST.MF as its first entries");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<Object, Object> attribute : manifest.getMainAttributes().entrySet()) {
            headers.put(((Attributes.Name) attribute.getKey()).toString(), String.valueOf(attribute.getValue()));
        }
        return inspect(headers, classes);
    }

    /**
     * Inspects a bundle given its manifest headers and its class entries by path.
     * A bundle without the plugin header is reported as no plugin, with no violations.
     */
    public Report inspect(Map<String, String> headers, Map<String, byte[]> classesByPath) {
        String symbolicName = symbolicName(headers.get("Bundle-SymbolicName"));
        String version = headers.getOrDefault("Bundle-Version", "0.0.0");
        String format = headers.get(Plugins.HEADER);
        if (format == null) {
            return new Report(symbolicName, version, false, List.of());
        }
        List<Violation> violations = new ArrayList<>();
        if (!Plugins.FORMAT_1.equals(format.trim())) {
            violations.add(new Violation("(manifest)", Plugins.HEADER, Plugins.HEADER + ": " + format,
                    "unsupported plugin format; this platform supports " + Plugins.FORMAT_1));
        }
        for (Map.Entry<String, String> header : FORBIDDEN_HEADERS.entrySet()) {
            String value = headers.get(header.getKey());
            if (value != null && !(header.getKey().equals("Bundle-ClassPath") && value.trim().equals("."))) {
                violations.add(new Violation("(manifest)", header.getKey(), header.getKey() + ": " + value, header.getValue()));
            }
        }
        Set<String> ownTypes = new HashSet<>();
        for (String path : classesByPath.keySet()) {
            ownTypes.add(internalName(path));
        }
        BytecodeChecker checker = new BytecodeChecker(ownTypes::contains);
        for (byte[] classFile : classesByPath.values()) {
            violations.addAll(checker.check(classFile));
        }
        return new Report(symbolicName, version, true, violations);
    }

    /** Returns the internal class name of a class entry path, without a multi-release prefix. */
    static String internalName(String path) {
        String name = path.startsWith("/") ? path.substring(1) : path;
        if (name.startsWith("META-INF/versions/")) {
            int slash = name.indexOf('/', "META-INF/versions/".length());
            name = name.substring(slash + 1);
        }
        return name.substring(0, name.length() - ".class".length());
    }

    private static String symbolicName(String header) {
        if (header == null) {
            return "(no Bundle-SymbolicName)";
        }
        int semicolon = header.indexOf(';');
        return (semicolon < 0 ? header : header.substring(0, semicolon)).trim();
    }

    private static byte[] readLimited(InputStream in, String name) throws IOException {
        byte[] bytes = in.readNBytes(MAX_CLASS_BYTES + 1);
        if (bytes.length > MAX_CLASS_BYTES) {
            throw new IOException("Class entry " + name + " exceeds " + MAX_CLASS_BYTES + " bytes");
        }
        return bytes;
    }
}
