package io.pixelcraft.plugin.host.internal.sandbox;

/**
 * One forbidden reference in a plugin.
 *
 * @param className the plugin class that contains it, in binary name form ({@code a.b.C})
 * @param location  the method or field of that class, or {@code class} for the class header
 * @param member    the referenced JDK or platform type or member, for example
 *                  {@code java.lang.System.exit(int)}
 * @param reason    why plugins may not use it
 */
public record Violation(String className, String location, String member, String reason) {

    @Override
    public String toString() {
        return className + " in " + location + ": " + member + " (" + reason + ")";
    }
}
