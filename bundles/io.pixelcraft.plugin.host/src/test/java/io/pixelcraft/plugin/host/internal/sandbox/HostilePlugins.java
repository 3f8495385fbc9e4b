package io.pixelcraft.plugin.host.internal.sandbox;

import io.pixelcraft.api.plugin.Filter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads and loads the hostile test plugins from the test classpath, as the host would. */
final class HostilePlugins {

    static final String PACKAGE = "io.pixelcraft.plugin.host.hostile.";

    private HostilePlugins() {
    }

    /** Returns the class file bytes of a class, nested classes included by their binary name. */
    static byte[] classFile(String binaryName) {
        String path = binaryName.replace('.', '/') + ".class";
        try (InputStream in = HostilePlugins.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("Class file not on the test classpath: " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean ownType(String internalName) {
        return internalName.startsWith(PACKAGE.replace('.', '/'));
    }

    /** Loads a hostile filter through a class loader that weaves every class of the package. */
    static Filter wovenFilter(String simpleName) {
        try {
            Class<?> type = new WovenLoader().loadClass(PACKAGE + simpleName);
            return (Filter) type.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot load woven " + simpleName, e);
        }
    }

    /** Defines the hostile package's classes from woven bytes and delegates everything else. */
    private static final class WovenLoader extends ClassLoader {

        WovenLoader() {
            super(HostilePlugins.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(PACKAGE)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    byte[] woven = new BudgetWeaver().weave(classFile(name));
                    loaded = defineClass(name, woven, 0, woven.length);
                }
                return loaded;
            }
        }
    }
}
