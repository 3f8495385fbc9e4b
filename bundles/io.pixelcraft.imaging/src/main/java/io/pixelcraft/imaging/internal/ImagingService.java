package io.pixelcraft.imaging.internal;

import io.pixelcraft.api.image.ImageInfo;
import io.pixelcraft.api.image.ImageReference;
import io.pixelcraft.api.image.ImageStore;
import io.pixelcraft.api.storage.StorageService;
import io.pixelcraft.api.storage.StorageUnavailableException;
import io.pixelcraft.api.web.Authorizer;
import io.pixelcraft.api.web.Principal;
import io.pixelcraft.api.web.ProjectAccess;
import io.pixelcraft.api.web.Route;
import io.pixelcraft.api.web.RouteProvider;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The imaging bundle's core: the {@link ImageStore} service, the upload route, the thumbnail
 * workers and the unreferenced-image cleanup. The delivery servlet uses it through its own type.
 */
@Component(service = {ImageStore.class, RouteProvider.class, ImagingService.class}, configurationPid = "io.pixelcraft.imaging")
@Designate(ocd = ImagingConfig.class)
public final class ImagingService implements ImageStore, RouteProvider {

    static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    static final Duration MAX_SIGNED_TTL = Duration.ofDays(7);

    private static final Logger LOG = LoggerFactory.getLogger(ImagingService.class);

    private final StorageService storage;
    private final Authorizer authorizer;
    private final ImagingConfig config;
    private final Clock clock;
    private final ImageIoPlugins plugins;
    private final ScheduledExecutorService scheduler;
    private final ImageRepository repository;
    private final ImageDecoder decoder;
    private final Ingest ingest;
    private final Thumbnails thumbnails;
    private final UrlSigner signer;
    private final Path tempDirectory;

    /**
     * Project roles for {@link #mayRead}, optional and dynamic because the projects bundle also uses
     * this service. Without it only administrators, uploaders and public images pass.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ProjectAccess projectAccess;

    @Activate
    public ImagingService(@Reference StorageService storage, @Reference Authorizer authorizer, ImagingConfig config)
            throws IOException {
        this(storage, authorizer, config, Clock.systemUTC(), dataDirectory());
    }

    ImagingService(StorageService storage, Authorizer authorizer, ImagingConfig config, Clock clock, Path dataDirectory)
            throws IOException {
        this.storage = storage;
        this.authorizer = authorizer;
        this.config = config;
        this.clock = clock;
        Files.createDirectories(dataDirectory);
        this.tempDirectory = Files.createDirectories(dataDirectory.resolve("tmp"));
        this.signer = new UrlSigner(signingSecret(config, dataDirectory));
        this.plugins = ImageIoPlugins.register();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "pixelcraft-imaging-scheduler");
            thread.setDaemon(true);
            return thread;
        });
        long memory = Runtime.getRuntime().maxMemory() * Math.max(5, Math.min(90, config.decodeMemoryPercent())) / 100;
        this.repository = new ImageRepository(storage);
        DecodeSlots slots = new DecodeSlots(config.decodeSlots(), config.decodeSlotWaitMillis());
        this.decoder = new ImageDecoder(config.maxPixels(), config.decodeTimeoutMillis(), new MemoryBudget(memory), scheduler, slots);
        this.ingest = new Ingest(config.maxUploadBytes(), new MediaTypeDetector(), decoder);
        int workers = config.thumbnailWorkers() > 0 ? config.thumbnailWorkers() : Runtime.getRuntime().availableProcessors();
        this.thumbnails = new Thumbnails(repository, decoder, tempDirectory, workers, Math.max(1, config.thumbnailQueueCapacity()));
        long interval = Math.max(1, config.cleanupIntervalMinutes());
        scheduler.scheduleWithFixedDelay(this::removeUnreferenced, interval, interval, TimeUnit.MINUTES);
        LOG.info("Imaging started: uploads up to {} bytes and {} pixels, decode budget {} MiB, {} decodes at once, "
                + "{} thumbnail workers, ImageIO readers added: {}", config.maxUploadBytes(), config.maxPixels(),
                memory / (1024 * 1024), slots.count(), workers, plugins.registeredNames());
    }

    @Deactivate
    void deactivate() {
        thumbnails.close();
        scheduler.shutdownNow();
        plugins.close();
        LOG.info("Imaging stopped; ImageIO readers removed");
    }

    @Override
    public List<Route> routes() {
        return new UploadRoute(this, authorizer).routes();
    }

    /** Receives, validates and stores an upload, and queues its previews. */
    ImageRepository.Stored upload(InputStream body, String uploaderId, String originalName)
            throws IOException, ImageRejectedException, MemoryBudget.BusyException {
        Path temp = Files.createTempFile(tempDirectory, "upload-", ".img");
        try {
            ingest.receive(body, temp);
            Ingest.Prepared prepared = ingest.prepare(temp);
            ImageRepository.Stored stored = repository.store(prepared, uploaderId, Ingest.sanitiseName(originalName),
                    clock.instant());
            if (stored.created()) {
                thumbnails.submit(prepared.sha256(), prepared.decoded().pixels());
            }
            return stored;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Validates, stores and links an image made by the platform, and queues its previews. Queuing
     * waits up to {@link Thumbnails#SUBMIT_WAIT_MILLIS} ms when the preview queue is full, so
     * callers run this off request threads.
     */
    @Override
    public ImageInfo storeGenerated(byte[] bytes, ImageReference reference) throws IOException {
        Objects.requireNonNull(reference, "reference");
        Path temp = Files.createTempFile(tempDirectory, "generated-", ".img");
        try {
            ingest.receive(new ByteArrayInputStream(bytes), temp);
            Ingest.Prepared prepared = ingest.prepare(temp);
            ImageRepository.Stored stored = repository.store(prepared, null, null, clock.instant());
            // store() restarted the grace period, so the cleanup cannot remove the image before this link.
            repository.link(prepared.sha256(), reference);
            if (stored.created()) {
                thumbnails.submit(prepared.sha256(), prepared.decoded().pixels());
            }
            return stored.info();
        } catch (ImageRejectedException e) {
            throw new IllegalArgumentException("The generated image for " + reference.key() + " was rejected: " + e.getMessage(), e);
        } catch (MemoryBudget.BusyException e) {
            throw new StorageUnavailableException("Storing the generated image for " + reference.key() + " failed: "
                    + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    long maxUploadBytes() {
        return config.maxUploadBytes();
    }

    @Override
    public Optional<ImageInfo> find(String sha256) {
        return repository.find(checkId(sha256));
    }

    @Override
    public InputStream openBytes(String sha256) {
        ImageRepository.StoredFile file = repository.file(checkId(sha256), 0)
                .orElseThrow(() -> new NoSuchElementException("No image with id " + sha256));
        return repository.open(file.fileId());
    }

    @Override
    public BufferedImage readPixels(String sha256) throws IOException {
        ImageRepository.StoredFile file = repository.file(checkId(sha256), 0)
                .orElseThrow(() -> new NoSuchElementException("No image with id " + sha256));
        Path temp = Files.createTempFile(tempDirectory, "pixels-", ".img");
        try {
            try (InputStream in = repository.open(file.fileId())) {
                Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
            }
            ImageFormat format = ImageFormat.fromMediaType(file.mediaType())
                    .orElseThrow(() -> new IOException("Stored image " + sha256 + " has no decoder for " + file.mediaType()));
            return decoder.decode(temp, format, 0).pixels();
        } catch (ImageRejectedException | MemoryBudget.BusyException e) {
            throw new IOException("Decoding stored image " + sha256 + " failed: " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public void link(String sha256, ImageReference reference) {
        repository.link(checkId(sha256), reference);
    }

    @Override
    public void unlink(String sha256, ImageReference reference) {
        repository.unlink(checkId(sha256), reference, clock.instant());
    }

    /**
     * Removes a project's reference from every image, including images uploaded into the project
     * that no document or thumbnail names. Called by the trash purge.
     *
     * @return how many images lost the reference
     */
    long unlinkProject(String projectId) {
        long unlinked = repository.unlinkEverywhere(ImageReference.project(projectId), clock.instant());
        LOG.info("Removed project {}'s reference from {} images", projectId, unlinked);
        return unlinked;
    }

    @Override
    public Set<ImageReference> references(String sha256) {
        return repository.references(checkId(sha256));
    }

    @Override
    public boolean mayRead(Principal caller, String sha256) {
        Optional<ImageInfo> image = repository.find(checkId(sha256));
        if (image.isEmpty()) {
            return false;
        }
        Set<ImageReference> references = repository.references(sha256);
        return isPublic(references) || mayRead(caller, image.get(), references);
    }

    /** Returns whether any of the references makes the image readable by anyone. */
    static boolean isPublic(Set<ImageReference> references) {
        return references.stream().anyMatch(reference -> reference.kind() == ImageReference.Kind.PUBLIC);
    }

    /**
     * Returns whether a signed-in caller may read a stored image that has no public reference:
     * administrators, every user who uploaded its bytes and members of a project that references
     * it. A user who sends bytes already possesses them, so letting a later uploader read the
     * image reveals nothing.
     */
    boolean mayRead(Principal caller, ImageInfo image, Set<ImageReference> references) {
        if (caller.admin() || caller.userId().equals(image.uploaderId())) {
            return true;
        }
        // One more _id lookup, only for callers who are not the first uploader.
        if (repository.isUploader(image.sha256(), caller.userId())) {
            return true;
        }
        ProjectAccess access = projectAccess;
        if (access == null) {
            return false;
        }
        return references.stream()
                .filter(reference -> reference.kind() == ImageReference.Kind.PROJECT)
                .anyMatch(reference -> access.roleOf(caller.userId(), reference.id()).isPresent());
    }

    @Override
    public boolean isUploader(String sha256, String userId) {
        return repository.isUploader(checkId(sha256), userId);
    }

    @Override
    public String signedPath(String sha256, int thumbSize, Duration ttl) {
        checkId(sha256);
        if (thumbSize != 0 && thumbSize != Thumbnails.SIZES[0] && thumbSize != Thumbnails.SIZES[1]) {
            throw new IllegalArgumentException("Invalid thumbnail size " + thumbSize + ": use 0, 256 or 1024");
        }
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_SIGNED_TTL) > 0) {
            throw new IllegalArgumentException("Invalid lifetime " + ttl + ": use more than 0 and at most 7 days");
        }
        return signer.sign(ImageServlet.path(sha256, thumbSize), clock.instant().plus(ttl));
    }

    /** Returns whether a signed path is genuine and unexpired. */
    boolean verifySignature(String path, String expiry, String signature) {
        return signer.verify(path, expiry, signature, clock.instant());
    }

    Instant now() {
        return clock.instant();
    }

    ImageRepository repository() {
        return repository;
    }

    Thumbnails thumbnails() {
        return thumbnails;
    }

    /** Removes images whose grace period ended without a reference, and logs each removal. */
    void removeUnreferenced() {
        try {
            Instant cutoff = clock.instant().minus(Duration.ofHours(config.cleanupGraceHours()));
            List<String> removed = repository.removeUnreferenced(cutoff, 1_000);
            for (String sha256 : removed) {
                LOG.info("Removed image {}: no project, version or share referenced it since before {}", sha256, cutoff);
            }
            if (!removed.isEmpty()) {
                LOG.info("Image cleanup removed {} unreferenced images", removed.size());
            }
        } catch (RuntimeException e) {
            LOG.error("Image cleanup failed; it runs again in {} minutes", config.cleanupIntervalMinutes(), e);
        }
    }

    static String checkId(String sha256) {
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("Invalid image id '" + sha256 + "': expected 64 lower-case hex digits");
        }
        return sha256;
    }

    private static Path dataDirectory() {
        String karafData = System.getProperty("karaf.data");
        Path base = karafData != null ? Path.of(karafData) : Path.of(System.getProperty("java.io.tmpdir"));
        return base.resolve("pixelcraft").resolve("imaging");
    }

    /** Returns the configured secret, or the one kept in the data folder, created on first start. */
    private static byte[] signingSecret(ImagingConfig config, Path dataDirectory) throws IOException {
        if (!config.signingSecret().isEmpty()) {
            return config.signingSecret().getBytes(StandardCharsets.UTF_8);
        }
        Path file = dataDirectory.resolve("url-signing.key");
        if (!Files.exists(file)) {
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            Path temp = Files.createTempFile(dataDirectory, "key-", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temp, HexFormat.of().formatHex(secret));
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            LOG.info("Created a new URL signing secret in {}", file);
        }
        return HexFormat.of().parseHex(Files.readString(file).strip());
    }
}
