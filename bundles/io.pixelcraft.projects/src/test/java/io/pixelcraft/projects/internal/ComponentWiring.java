package io.pixelcraft.projects.internal;

import io.pixelcraft.api.document.EngineLimits;
import io.pixelcraft.api.image.ImageStore;
import io.pixelcraft.engine.internal.Engine;
import io.pixelcraft.testing.TestConfigs;
import io.pixelcraft.testing.TestStorage;
import java.lang.reflect.Field;
import java.util.Map;

/**
 * The projects DS component on a {@link TestStorage}, built as Karaf wires it, with the real
 * document engine. Close it after each test to deactivate the component and stop the storage server.
 */
final class ComponentWiring implements AutoCloseable {

    final TestStorage storage = new TestStorage();
    private ProjectsComponent component;

    /**
     * Activates the component with the configuration defaults except for the overrides, and binds
     * the image store ({@code null} for none).
     */
    ProjectsComponent activate(Map<String, Object> overrides, ImageStore images) throws ReflectiveOperationException {
        component = new ProjectsComponent(storage, new Engine(EngineLimits.DEFAULTS), TestConfigs.of(ProjectsConfig.class, overrides));
        bindImageStore(component, images);
        return component;
    }

    /** Binds the component's optional image store as DS would, or unbinds it with {@code null}. */
    static void bindImageStore(ProjectsComponent component, ImageStore store) throws ReflectiveOperationException {
        Field field = ProjectsComponent.class.getDeclaredField("imageStore");
        field.setAccessible(true);
        field.set(component, store);
    }

    @Override
    public void close() {
        if (component != null) {
            component.deactivate();
        }
        storage.close();
    }
}
