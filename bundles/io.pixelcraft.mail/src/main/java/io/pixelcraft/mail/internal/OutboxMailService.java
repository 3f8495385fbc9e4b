package io.pixelcraft.mail.internal;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.pixelcraft.api.health.HealthCheck;
import io.pixelcraft.api.health.HealthResult;
import io.pixelcraft.api.mail.MailMessage;
import io.pixelcraft.api.mail.MailService;
import io.pixelcraft.api.storage.StorageService;
import jakarta.mail.MessagingException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Queues mail in the {@code mail_outbox} collection and sends it from one background thread.
 *
 * <p>A message stays in the outbox until the SMTP server accepts it, so an SMTP outage or a
 * restart delays mail but loses none. Sent messages are deleted, which keeps the outbox small:
 * the query for due messages filters on non-unique fields and is a full scan on the embedded
 * store. Each message is claimed with a conditional update before it is sent, so two nodes
 * sharing one database never send the same message twice at the same time; a claim expires
 * after {@link #CLAIM_LEASE} in case a node stops while sending.
 */
@Component(service = { MailService.class, HealthCheck.class }, configurationPid = "io.pixelcraft.mail")
@Designate(ocd = MailConfig.class)
public class OutboxMailService implements MailService, HealthCheck {

    static final String COLLECTION = "mail_outbox";
    static final String PENDING = "pending";
    static final String SENDING = "sending";
    static final String FAILED = "failed";

    private static final Logger LOG = LoggerFactory.getLogger(OutboxMailService.class);
    private static final Duration CLAIM_LEASE = Duration.ofMinutes(5);
    private static final int BATCH = 50;

    private final StorageService storage;
    private final MailConfig config;
    private final Clock clock;
    private final SmtpSender sender;
    private final Backoff backoff;
    private final ScheduledExecutorService worker;
    // Start of the current SMTP outage, or null while the last attempt succeeded. Lets the
    // outage be logged once at WARN and reported by the health check.
    private volatile Instant smtpFailingSince;

    @Activate
    public OutboxMailService(@Reference StorageService storage, MailConfig config) {
        this(storage, config, Clock.systemUTC());
    }

    OutboxMailService(StorageService storage, MailConfig config, Clock clock) {
        validate(config);
        this.storage = storage;
        this.config = config;
        this.clock = clock;
        this.sender = new SmtpSender(config);
        this.backoff = new Backoff(Duration.ofSeconds(config.initialBackoffSeconds()),
                Duration.ofSeconds(config.maxBackoffSeconds()));
        this.worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "pixelcraft-mail-sender");
            thread.setDaemon(true);
            return thread;
        });
        worker.scheduleWithFixedDelay(this::sendDue, 0, config.pollIntervalSeconds(), TimeUnit.SECONDS);
        LOG.info("Mail sender started: SMTP {}:{} tls={} auth={}, retries up to {} times, {} s to {} s apart",
                config.smtpHost(), config.smtpPort(), config.tls(), !config.username().isEmpty(), config.maxAttempts(),
                config.initialBackoffSeconds(), config.maxBackoffSeconds());
    }

    private static void validate(MailConfig config) {
        if (!List.of("none", "starttls", "smtps").contains(config.tls())) {
            throw new IllegalArgumentException("Invalid mail configuration: tls='" + config.tls()
                    + "'; use none, starttls or smtps");
        }
        if (config.smtpHost().isBlank()) {
            throw new IllegalArgumentException("Invalid mail configuration: smtpHost is empty");
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        worker.shutdown();
        if (!worker.awaitTermination(config.readTimeoutSeconds() + 5L, TimeUnit.SECONDS)) {
            worker.shutdownNow();
        }
        LOG.info("Mail sender stopped; unsent messages stay in the outbox");
    }

    @Override
    public String enqueue(MailMessage message) {
        String id = new ObjectId().toHexString();
        Instant now = clock.instant();
        outbox().insertOne(new Document("_id", id)
                .append("to", message.to())
                .append("subject", message.subject())
                .append("text", message.text())
                .append("html", message.html())
                .append("locale", message.locale().toLanguageTag())
                .append("status", PENDING)
                .append("attempts", 0)
                .append("createdAt", Date.from(now))
                .append("nextAttemptAt", Date.from(now))
                .append("claimedUntil", null)
                .append("lastError", null));
        try {
            worker.execute(this::sendDue);
        } catch (RejectedExecutionException e) {
            LOG.info("Mail {} queued while the sender is stopping; it is sent after the next start", id);
        }
        return id;
    }

    private MongoCollection<Document> outbox() {
        return storage.database().getCollection(COLLECTION);
    }

    /** Sends every due message; runs on the worker thread only. */
    void sendDue() {
        try {
            Instant now = clock.instant();
            List<Document> due = new ArrayList<>();
            outbox().find(dueFilter(now)).sort(Sorts.ascending("nextAttemptAt")).limit(BATCH).into(due);
            for (Document candidate : due) {
                Document claimed = outbox().findOneAndUpdate(
                        Filters.and(Filters.eq("_id", candidate.getString("_id")), dueFilter(now)),
                        Updates.combine(Updates.set("status", SENDING),
                                Updates.set("claimedUntil", Date.from(now.plus(CLAIM_LEASE)))));
                if (claimed != null) {
                    sendOne(claimed);
                }
            }
        } catch (RuntimeException e) {
            // The worker must survive a store outage; the next poll tries again.
            LOG.error("Failed to read the mail outbox; retrying in {} s", config.pollIntervalSeconds(), e);
        }
    }

    private static Bson dueFilter(Instant now) {
        Date at = Date.from(now);
        return Filters.or(
                Filters.and(Filters.eq("status", PENDING), Filters.lte("nextAttemptAt", at)),
                Filters.and(Filters.eq("status", SENDING), Filters.lt("claimedUntil", at)));
    }

    private void sendOne(Document message) {
        String id = message.getString("_id");
        try {
            sender.send(message);
            outbox().deleteOne(Filters.eq("_id", id));
            if (smtpFailingSince != null) {
                smtpFailingSince = null;
                LOG.info("SMTP server {}:{} accepts mail again", config.smtpHost(), config.smtpPort());
            }
            LOG.info("Sent mail {}", id);
        } catch (MessagingException e) {
            recordFailure(message, e);
        }
    }

    private void recordFailure(Document message, MessagingException e) {
        String id = message.getString("_id");
        int attempts = message.getInteger("attempts", 0) + 1;
        String error = e.getClass().getSimpleName() + ": " + e.getMessage();
        boolean permanent = SmtpSender.isPermanent(e);
        if (permanent || attempts >= config.maxAttempts()) {
            outbox().updateOne(Filters.eq("_id", id), Updates.combine(Updates.set("status", FAILED),
                    Updates.set("attempts", attempts), Updates.set("lastError", error)));
            LOG.error("Mail {} failed {} after {} attempts and stays in the outbox as failed: {}", id,
                    permanent ? "permanently" : "for good", attempts, error);
            return;
        }
        Duration delay = backoff.delayAfter(attempts);
        outbox().updateOne(Filters.eq("_id", id), Updates.combine(Updates.set("status", PENDING),
                Updates.set("attempts", attempts), Updates.set("lastError", error),
                Updates.set("nextAttemptAt", Date.from(clock.instant().plus(delay)))));
        if (smtpFailingSince == null) {
            smtpFailingSince = clock.instant();
            LOG.warn("SMTP server {}:{} failed; mail stays in the outbox and is retried: {}", config.smtpHost(),
                    config.smtpPort(), error);
        }
        LOG.info("Mail {} attempt {} failed; next attempt in {} s", id, attempts, delay.toSeconds());
    }

    @Override
    public String name() {
        return "mail";
    }

    /**
     * Reports DOWN while the SMTP server fails, with the number of waiting and failed messages.
     * Not a readiness check: the platform serves requests while mail waits in the outbox.
     */
    @Override
    public HealthResult check() {
        long waiting;
        long failed;
        try {
            // Counting scans the outbox on the embedded store; it stays small because sent
            // messages are deleted.
            waiting = outbox().countDocuments(Filters.in("status", PENDING, SENDING));
            failed = outbox().countDocuments(Filters.eq("status", FAILED));
        } catch (RuntimeException e) {
            return HealthResult.down("Failed to read the mail outbox: " + e.getMessage());
        }
        String counts = "messages waiting: " + waiting + ", failed for good: " + failed;
        Instant failingSince = smtpFailingSince;
        if (failingSince != null) {
            return HealthResult.down("SMTP server " + config.smtpHost() + ":" + config.smtpPort() + " failing since "
                    + failingSince + "; " + counts);
        }
        return HealthResult.up("No SMTP failure since the last delivery to " + config.smtpHost() + ":" + config.smtpPort()
                + "; " + counts);
    }
}
