package io.pixelcraft.store.embedded.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the embedded store, PID {@code io.pixelcraft.store.embedded}. */
@ObjectClassDefinition(
        name = "PixelCraft embedded store",
        description = "MongoDB-compatible server inside the platform's JVM, used when the storage"
                + " service has no MongoDB URI. It listens on 127.0.0.1 only.")
public @interface EmbeddedStoreConfig {

    @AttributeDefinition(
            name = "Data directory",
            description = "Directory for the store's data file. Empty means ${karaf.data}/pixelcraft/store."
                    + " A relative path is resolved against the working directory of the JVM.")
    String directory() default "";

    @AttributeDefinition(
            name = "Port",
            description = "TCP port on 127.0.0.1. 0 picks a free port at every start.",
            min = "0",
            max = "65535")
    int port() default 0;
}
