package io.pixelcraft.console.internal;

import io.pixelcraft.api.health.HealthCheck;
import io.pixelcraft.api.health.HealthResult;
import org.apache.karaf.features.BootFinished;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Reports DOWN until Karaf has installed and started every boot feature. Without it, health and
 * readiness could report UP while later bundles (accounts, projects, ...) were still starting,
 * and requests to their routes returned 404.
 */
@Component(service = HealthCheck.class, property = HealthCheck.READINESS + ":Boolean=true")
public class BootHealthCheck implements HealthCheck {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile BootFinished bootFinished;

    @Override
    public String name() {
        return "boot";
    }

    @Override
    public HealthResult check() {
        if (bootFinished == null) {
            return HealthResult.down("Boot features are still being installed and started");
        }
        return HealthResult.up("All boot features are installed and started");
    }
}
