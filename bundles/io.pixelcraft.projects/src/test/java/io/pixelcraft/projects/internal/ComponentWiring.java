package io.pixelcraft.projects.internal;

import io.pixelcraft.api.document.EngineLimits;
import io.pixelcraft.api.image.ImageStore;
import io.pixelcraft.engine.internal.Engine;
import io.pixelcraft.testing.TestConfigs;
import io.pixelcraft.testing.TestStorage;
import java.lang.reflect.Field;
import java.util.Map;

/** Builds the projects DS component for tests as Karaf wires it, with the real document engine. */
final class ComponentWiring {

    private ComponentWiring() {
    }

    /** Creates the component on the storage, with the configuration defaults except for the overrides. */
    static ProjectsComponent activate(TestStorage storage, Map<String, Object> overrides) {
        return new ProjectsComponent(storage, new Engine(EngineLimits.DEFAULTS), TestConfigs.of(ProjectsConfig.class, overrides));
    }

    /** Binds the component's optional image store as DS would, or unbinds it with {@code null}. */
    static void bindImageStore(ProjectsComponent component, ImageStore store) throws ReflectiveOperationException {
        Field field = ProjectsComponent.class.getDeclaredField("imageStore");
        field.setAccessible(true);
        field.set(component, store);
    }
}
