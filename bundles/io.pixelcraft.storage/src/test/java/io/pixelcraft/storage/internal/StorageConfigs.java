package io.pixelcraft.storage.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

/** Builds {@link StorageConfig} instances the way DS does: annotation defaults unless overridden. */
final class StorageConfigs {

    private StorageConfigs() {
    }

    static StorageConfig defaults() {
        return with(Map.of());
    }

    static StorageConfig with(Map<String, Object> overrides) {
        return (StorageConfig) Proxy.newProxyInstance(StorageConfig.class.getClassLoader(),
                new Class<?>[] {StorageConfig.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "annotationType" -> StorageConfig.class;
                    case "toString" -> "StorageConfig" + overrides;
                    case "hashCode" -> overrides.hashCode();
                    case "equals" -> proxy == args[0];
                    default -> overrides.getOrDefault(method.getName(), method.getDefaultValue());
                });
    }
}
