package io.pixelcraft.plugin.testkit;

import io.pixelcraft.plugin.host.internal.sandbox.BudgetWeaver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** Defines the plugin's own classes from woven bytes and delegates every other class to its parent. */
final class SandboxClassLoader extends ClassLoader {

    private final Path classesRoot;
    private final Set<String> ownTypes;
    private final BudgetWeaver weaver = new BudgetWeaver();

    SandboxClassLoader(Path classesRoot, Set<String> ownTypes, ClassLoader parent) {
        super(parent);
        this.classesRoot = classesRoot;
        this.ownTypes = ownTypes;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        String internalName = name.replace('.', '/');
        if (!ownTypes.contains(internalName)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                byte[] woven;
                try {
                    woven = weaver.weave(Files.readAllBytes(classesRoot.resolve(internalName + ".class")));
                } catch (IOException e) {
                    throw new ClassNotFoundException("Cannot read " + name + " from " + classesRoot, e);
                }
                loaded = defineClass(name, woven, 0, woven.length);
            }
            return loaded;
        }
    }
}
