package io.pixelcraft.testing;

import java.lang.reflect.Proxy;
import java.util.Map;

/** Builds instances of a configuration annotation, as DS would pass them, from its defaults and some overrides. */
public final class TestConfigs {

    private TestConfigs() {
    }

    /**
     * Returns an instance of the annotation type whose methods return the override of that name,
     * else the annotation's default.
     *
     * @throws IllegalStateException from a method that has neither
     */
    public static <A> A of(Class<A> type, Map<String, Object> overrides) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (self, method, args) -> {
            if (overrides.containsKey(method.getName())) {
                return overrides.get(method.getName());
            }
            if (method.getDefaultValue() != null) {
                return method.getDefaultValue();
            }
            return switch (method.getName()) {
                case "annotationType" -> type;
                case "toString" -> type.getSimpleName() + overrides;
                case "hashCode" -> System.identityHashCode(self);
                case "equals" -> self == args[0];
                default -> throw new IllegalStateException("No value for " + method.getName());
            };
        });
        return type.cast(proxy);
    }
}
