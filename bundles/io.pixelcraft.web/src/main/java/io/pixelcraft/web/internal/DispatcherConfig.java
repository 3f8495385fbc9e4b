package io.pixelcraft.web.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "PixelCraft REST dispatcher",
        description = "Request limits of the REST API under /api.")
public @interface DispatcherConfig {

    String PID = "io.pixelcraft.web.dispatcher";

    @AttributeDefinition(name = "JSON body limit",
            description = "Maximum request body in bytes for routes of class JSON (forms and small documents).")
    long jsonBodyLimit() default 64 * 1024;

    @AttributeDefinition(name = "Large JSON body limit",
            description = "Maximum request body in bytes for routes of class JSON_LARGE (for example op batches).")
    long jsonLargeBodyLimit() default 4 * 1024 * 1024;

    @AttributeDefinition(name = "Maximum JSON nesting depth",
            description = "Deepest nesting of objects and arrays accepted in a request body.")
    int maxJsonNestingDepth() default 64;

    @AttributeDefinition(name = "Maximum JSON string length",
            description = "Maximum length of one string value in a request body, in characters.")
    int maxJsonStringLength() default 1_000_000;

    @AttributeDefinition(name = "Retry-After",
            description = "Seconds sent in Retry-After when the store is unavailable or a route's service restarts.")
    long retryAfterSeconds() default 5;

    @AttributeDefinition(name = "Restarting route window",
            description = "Seconds after a route's provider stops during which requests to that route receive 503"
                    + " with Retry-After instead of 404, at most 600. DS restarts providers when a service they"
                    + " need, such as storage, is updated.")
    long restartingRouteSeconds() default 60;
}
