package io.pixelcraft.web.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "PixelCraft health endpoint",
        description = "Runs the registered health checks for /api/health and /api/health/ready.")
public @interface HealthConfig {

    String PID = "io.pixelcraft.web.health";

    @AttributeDefinition(name = "Check timeout",
            description = "Milliseconds a single health check may take before it counts as DOWN.")
    long checkTimeoutMillis() default 2000;

    @AttributeDefinition(name = "Maximum concurrent checks",
            description = "Threads that run checks; a check that hangs keeps its thread until it returns.")
    int maxCheckThreads() default 16;
}
