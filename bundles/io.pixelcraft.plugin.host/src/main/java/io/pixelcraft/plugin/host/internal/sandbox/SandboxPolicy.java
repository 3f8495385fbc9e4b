package io.pixelcraft.plugin.host.internal.sandbox;

import java.util.Map;
import java.util.Set;

/**
 * The allow-list of types and members that sandboxed plugin code may reference: the plugin API packages and an allow-list of JDK
 * types, minus JDK members that reach files, sockets, processes, threads, reflection, native
 * code, serialization, JMX or security settings.
 *
 * <p>Names are JVM internal names ({@code java/lang/String}). The rules are an allow-list: a
 * type that no rule admits is rejected, so a JDK class added in a later Java release stays out
 * until someone reviews it.
 */
public final class SandboxPolicy {

    /** Packages of the plugin API that plugins import; they are also allowed in the resolver hook. */
    public static final Set<String> API_PACKAGES = Set.of("io.pixelcraft.api.plugin", "io.pixelcraft.api.document");

    /** The package that woven code calls; only the weaver adds references to it. */
    public static final String RUNTIME_PACKAGE = "io.pixelcraft.plugin.sandbox";

    /**
     * JDK packages a plugin may wire to through the system bundle. Only these may appear in a
     * plugin's {@code Import-Package}; the type and member rules below narrow them further.
     * bnd imports {@code java.lang.invoke} and {@code java.lang.runtime} for every lambda and
     * record, so they are wirable, while the bytecode check admits only javac's bootstraps there.
     */
    public static final Set<String> JDK_PACKAGES = Set.of(
            "java.lang", "java.lang.annotation", "java.lang.invoke", "java.lang.runtime", "java.util", "java.util.function", "java.util.stream", "java.util.regex",
            "java.math", "java.text", "java.time", "java.time.format", "java.time.temporal",
            "java.util.concurrent", "java.util.concurrent.atomic", "java.nio", "java.io");

    /** Packages whose every public type plugins may use, apart from the denied types and members. */
    private static final Set<String> OPEN_PACKAGES = Set.of(
            "java/lang", "java/util", "java/util/function", "java/util/stream", "java/util/regex",
            "java/math", "java/text", "java/time", "java/time/format", "java/time/temporal",
            "java/util/concurrent/atomic");

    /** Single types allowed in packages that are otherwise closed. */
    private static final Set<String> OPEN_TYPES = Set.of(
            "java/io/Serializable", "java/io/IOException", "java/io/UncheckedIOException",
            "java/io/ByteArrayInputStream", "java/io/ByteArrayOutputStream",
            "java/io/StringReader", "java/io/StringWriter",
            "java/nio/Buffer", "java/nio/ByteBuffer", "java/nio/IntBuffer", "java/nio/ShortBuffer",
            "java/nio/FloatBuffer", "java/nio/DoubleBuffer", "java/nio/LongBuffer", "java/nio/CharBuffer",
            "java/nio/ByteOrder", "java/nio/BufferOverflowException", "java/nio/BufferUnderflowException",
            "java/util/concurrent/CancellationException", "java/util/concurrent/TimeUnit",
            "java/util/concurrent/ThreadLocalRandom");

    /**
     * Types that plugins may not use although their package is open. A key matches the type of
     * that name and its nested types; a key ending in {@code /} or {@code $} matches by prefix.
     */
    private static final Map<String, String> DENIED_TYPES = Map.ofEntries(
            Map.entry("java/lang/Thread", "threads"),
            Map.entry("java/lang/ThreadGroup", "threads"),
            Map.entry("java/lang/ThreadLocal", "threads"),
            Map.entry("java/lang/ThreadDeath", "threads"),
            Map.entry("java/lang/InheritableThreadLocal", "threads"),
            Map.entry("java/lang/VirtualThread", "threads"),
            Map.entry("java/lang/Runtime", "process control"),
            Map.entry("java/lang/Process", "process control"),
            Map.entry("java/lang/ProcessBuilder", "process control"),
            Map.entry("java/lang/ProcessHandle", "process control"),
            Map.entry("java/lang/ClassLoader", "class loading"),
            Map.entry("java/lang/ClassValue", "class loading"),
            Map.entry("java/lang/Module", "reflection"),
            Map.entry("java/lang/ModuleLayer", "reflection"),
            Map.entry("java/lang/Package", "reflection"),
            Map.entry("java/lang/StackWalker", "reflection"),
            Map.entry("java/lang/Compiler", "native code"),
            Map.entry("java/lang/SecurityManager", "security settings"),
            Map.entry("java/lang/RuntimePermission", "security settings"),
            Map.entry("java/lang/System$", "system internals"),
            Map.entry("java/util/Timer", "threads"),
            Map.entry("java/util/TimerTask", "threads"),
            Map.entry("java/util/ServiceLoader", "class loading"),
            Map.entry("java/util/ResourceBundle", "class loading"),
            Map.entry("java/util/Scanner", "file access"),
            Map.entry("java/util/prefs/", "file access"),
            Map.entry("java/util/stream/StreamSupport", "threads"));

    /** Packages with a named reason, for clearer reports on types outside the allow-list. */
    private static final Map<String, String> CATEGORY_PREFIXES = Map.ofEntries(
            Map.entry("java/io/ObjectInputStream", "serialization"),
            Map.entry("java/io/ObjectOutputStream", "serialization"),
            Map.entry("java/io/Object", "serialization"),
            Map.entry("java/io/", "file access"),
            Map.entry("java/nio/file/", "file access"),
            Map.entry("java/nio/channels/", "file and network access"),
            Map.entry("java/net/", "network access"),
            Map.entry("javax/net/", "network access"),
            Map.entry("java/lang/reflect/", "reflection"),
            Map.entry("java/lang/invoke/", "method handles"),
            Map.entry("java/lang/ref/", "threads"),
            Map.entry("java/util/concurrent/", "threads and executors"),
            Map.entry("java/lang/management/", "JMX"),
            Map.entry("javax/management/", "JMX"),
            Map.entry("java/security/", "security settings"),
            Map.entry("javax/security/", "security settings"),
            Map.entry("sun/misc/Unsafe", "Unsafe"),
            Map.entry("jdk/internal/misc/Unsafe", "Unsafe"),
            Map.entry("sun/", "JDK internals"),
            Map.entry("jdk/", "JDK internals"),
            Map.entry("com/sun/", "JDK internals"),
            Map.entry("java/awt/", "desktop and file access"),
            Map.entry("javax/imageio/", "file access"),
            Map.entry("java/sql/", "database access"),
            Map.entry("javax/script/", "code execution"),
            Map.entry("javax/tools/", "code execution"),
            Map.entry("java/util/jar/", "file access"),
            Map.entry("java/util/zip/", "file access"),
            Map.entry("java/util/logging/", "file access"),
            Map.entry("org/osgi/", "platform internals"),
            Map.entry("io/pixelcraft/", "platform internals"));

    /** The only {@code java.lang.System} methods plugins may call. */
    private static final Set<String> SYSTEM_METHODS = Set.of(
            "arraycopy", "currentTimeMillis", "nanoTime", "identityHashCode", "lineSeparator");

    /** The only {@code java.lang.Class} methods plugins may call; the rest is reflection. */
    private static final Set<String> CLASS_METHODS = Set.of(
            "getName", "getSimpleName", "getTypeName", "getCanonicalName", "isInstance", "cast",
            "isArray", "isPrimitive", "isEnum", "isRecord", "isInterface", "getComponentType",
            "componentType", "arrayType", "isAssignableFrom", "desiredAssertionStatus",
            "descriptorString", "hashCode", "equals", "toString", "getEnumConstants");

    /**
     * Methods denied on any owner, because a plugin class can inherit them from an allowed JDK
     * type and call them through its own name.
     */
    private static final Map<String, String> DENIED_METHOD_NAMES = Map.of(
            "wait", "blocks the thread outside the time budget",
            "notify", "threads",
            "notifyAll", "threads",
            "parallelStream", "threads: runs on the shared fork-join pool",
            "parallel", "threads: runs on the shared fork-join pool",
            "parallelSort", "threads: runs on the shared fork-join pool",
            "parallelPrefix", "threads: runs on the shared fork-join pool",
            "parallelSetAll", "threads: runs on the shared fork-join pool");

    private SandboxPolicy() {
    }

    /**
     * Returns why plugin code may not reference a type, or {@code null} when it may.
     *
     * @param internalName  JVM internal name; array descriptors are reduced to their element type
     * @param pluginOwnType whether the type belongs to the plugin itself
     */
    public static String typeReason(String internalName, boolean pluginOwnType) {
        String name = internalName;
        while (name.startsWith("[")) {
            name = name.substring(1);
        }
        if (name.length() == 1) {
            return null;
        }
        if (name.startsWith("L") && name.endsWith(";")) {
            name = name.substring(1, name.length() - 1);
        }

        if (pluginOwnType) {
            return null;
        }

        String packageName = packageOf(name);
        if (API_PACKAGES.contains(packageName.replace('/', '.'))) {
            return null;
        }
        for (Map.Entry<String, String> denied : DENIED_TYPES.entrySet()) {
            if (matchesType(name, denied.getKey())) {
                return denied.getValue();
            }
        }
        if (OPEN_PACKAGES.contains(packageName) || OPEN_TYPES.contains(name)) {
            return null;
        }

        String longestPrefix = null;
        for (String prefix : CATEGORY_PREFIXES.keySet()) {
            if (name.startsWith(prefix) && (longestPrefix == null || prefix.length() > longestPrefix.length())) {
                longestPrefix = prefix;
            }
        }
        return longestPrefix == null ? "outside the plugin allow-list" : CATEGORY_PREFIXES.get(longestPrefix);
    }

    /**
     * Returns why plugin code may not call a method or use a field, or {@code null} when it may.
     * The owner type must already have passed {@link #typeReason}.
     */
    public static String memberReason(String owner, String name, String descriptor, boolean field) {
        if (!field && DENIED_METHOD_NAMES.containsKey(name)) {
            return DENIED_METHOD_NAMES.get(name);
        }
        switch (owner) {
            case "java/lang/System":
                if (field) {
                    return "writes to the process's standard streams";
                }
                if (name.equals("exit")) {
                    return "terminates the JVM";
                }
                if (name.equals("load") || name.equals("loadLibrary") || name.equals("mapLibraryName")) {
                    return "native code";
                }
                if (name.equals("setSecurityManager") || name.equals("getSecurityManager")) {
                    return "security settings";
                }
                return SYSTEM_METHODS.contains(name) ? null : "system properties, environment or standard streams";
            case "java/lang/Class":
                return CLASS_METHODS.contains(name) ? null : "reflection";
            case "java/lang/Integer", "java/lang/Long", "java/lang/Boolean":
                return name.equals("getInteger") || name.equals("getLong") || name.equals("getBoolean")
                        ? "reads system properties" : null;
            case "java/lang/Throwable":
                return name.equals("printStackTrace") ? "writes to the process's standard error" : null;
            case "java/lang/Object":
                return name.equals("finalize") ? "runs on the finalizer thread outside the budget" : null;
            case "java/util/Locale", "java/util/TimeZone":
                return name.equals("setDefault") ? "changes JVM-wide settings" : null;
            case "java/nio/ByteBuffer":
                return name.equals("allocateDirect") ? "native memory outside the allocation budget" : null;
            default:
                return null;
        }
    }

    /**
     * Returns whether an {@code invokedynamic} bootstrap method is one that javac emits for
     * lambdas, string concatenation, records and switches.
     */
    public static boolean allowedBootstrap(String owner, String name) {
        return switch (owner) {
            case "java/lang/invoke/LambdaMetafactory" -> name.equals("metafactory") || name.equals("altMetafactory");
            case "java/lang/invoke/StringConcatFactory" -> name.equals("makeConcatWithConstants") || name.equals("makeConcat");
            case "java/lang/runtime/ObjectMethods" -> name.equals("bootstrap");
            case "java/lang/runtime/SwitchBootstraps" -> name.equals("typeSwitch") || name.equals("enumSwitch");
            default -> false;
        };
    }

    private static boolean matchesType(String name, String key) {
        if (key.endsWith("/") || key.endsWith("$")) {
            return name.startsWith(key);
        }
        return name.equals(key) || name.startsWith(key + "$");
    }

    /** Returns the package of an internal name, with slashes. */
    static String packageOf(String internalName) {
        int slash = internalName.lastIndexOf('/');
        return slash < 0 ? "" : internalName.substring(0, slash);
    }
}
