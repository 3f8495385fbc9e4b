package io.pixelcraft.share.internal;

import io.pixelcraft.api.mail.MailService;
import io.pixelcraft.api.web.Authorizer;
import io.pixelcraft.api.web.Route;
import io.pixelcraft.api.web.RouteProvider;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the share and invitation routes. Without the mail service the invitation route
 * returns 503 and the other routes keep working.
 */
@Component(service = RouteProvider.class, configurationPid = "io.pixelcraft.share")
public final class ShareRoutesComponent implements RouteProvider {

    private static final Logger LOG = LoggerFactory.getLogger(ShareRoutesComponent.class);

    private final List<Route> routes;
    private final ScheduledExecutorService evictor;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile MailService mailService;

    @Activate
    public ShareRoutesComponent(@Reference ShareService shares, @Reference Authorizer authorizer, ShareConfig config) {
        Duration window = Duration.ofMinutes(config.invitationWindowMinutes());
        InvitationLimiter limiter = new InvitationLimiter(config.invitationsPerWindow(), window, Clock.systemUTC());
        this.routes = new ShareRoutes(shares, authorizer, () -> mailService, limiter,
                Duration.ofDays(config.invitationExpiryDays())).routes();
        this.evictor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "pixelcraft-invitation-limit");
            thread.setDaemon(true);
            return thread;
        });
        evictor.scheduleWithFixedDelay(limiter::evictIdle, window.toMinutes(), window.toMinutes(), TimeUnit.MINUTES);
        LOG.info("Share routes started: at most {} invitations per sender in {} minutes", config.invitationsPerWindow(),
                window.toMinutes());
    }

    @Deactivate
    void deactivate() {
        evictor.shutdownNow();
        LOG.info("Share routes stopped");
    }

    @Override
    public List<Route> routes() {
        return routes;
    }
}
