package io.pixelcraft.web.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "PixelCraft request gate",
        description = "Request ids, security headers and graceful drain for every HTTP request.")
public @interface GateConfig {

    String PID = "io.pixelcraft.web.gate";

    @AttributeDefinition(name = "Drain timeout",
            description = "Seconds to wait for in-flight requests to finish when the web bundle stops.")
    int drainTimeoutSeconds() default 20;

    @AttributeDefinition(name = "Retry-After while stopping",
            description = "Seconds sent in Retry-After to requests rejected with 503 while draining.")
    int retryAfterSeconds() default 10;

    @AttributeDefinition(name = "Content-Security-Policy",
            description = "Value of the Content-Security-Policy header sent with every response.")
    String contentSecurityPolicy() default SecurityHeaders.DEFAULT_CSP;
}
