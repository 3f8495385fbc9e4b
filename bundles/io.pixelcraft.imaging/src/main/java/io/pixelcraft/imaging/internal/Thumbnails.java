package io.pixelcraft.imaging.internal;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the 256 px and 1024 px previews of stored images: asynchronously after an upload, through
 * a bounded queue and a fixed pool of workers, or synchronously when a preview is requested before
 * its job ran.
 *
 * <p>Back-pressure: when the queue is full, {@link #submit} blocks the uploading request for up to
 * {@link #SUBMIT_WAIT_MILLIS} ms, which slows uploaders down while workers catch up. After that the
 * job is dropped and the preview is made on its first request instead.
 */
final class Thumbnails implements AutoCloseable {

    /** Preview sizes: the long edge in pixels. */
    static final int[] SIZES = {256, 1024};

    static final long SUBMIT_WAIT_MILLIS = 2_000;

    private static final Logger LOG = LoggerFactory.getLogger(Thumbnails.class);

    private final ImageRepository repository;
    private final ImageDecoder decoder;
    private final Path tempDirectory;
    private final ThreadPoolExecutor workers;
    private final AtomicLong dropped = new AtomicLong();

    Thumbnails(ImageRepository repository, ImageDecoder decoder, Path tempDirectory, int workerCount, int capacity) {
        this.repository = repository;
        this.decoder = decoder;
        this.tempDirectory = tempDirectory;
        AtomicInteger threadNumber = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(workerCount, workerCount, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(capacity), runnable -> {
                    Thread thread = new Thread(runnable, "pixelcraft-thumbnail-" + threadNumber.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, (runnable, executor) -> waitForSlot(runnable, executor));
    }

    private static void waitForSlot(Runnable job, ThreadPoolExecutor executor) {
        try {
            if (executor.isShutdown() || !executor.getQueue().offer(job, SUBMIT_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                throw new RejectedExecutionException("Thumbnail queue full");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RejectedExecutionException("Interrupted while waiting for the thumbnail queue", e);
        }
    }

    /**
     * Queues the previews of an image.
     *
     * @param preview decoded pixels to scale from, at least 1024 px on the long edge when the image
     *                is that large, or {@code null} to decode the stored bytes
     * @return false when the queue stayed full and the job was dropped
     */
    boolean submit(String sha256, BufferedImage preview) {
        try {
            workers.execute(() -> makeAll(sha256, preview));
            return true;
        } catch (RejectedExecutionException e) {
            long count = dropped.incrementAndGet();
            LOG.warn("Thumbnail queue full ({} jobs waiting): previews of image {} will be made on first request; "
                    + "{} jobs dropped since start", workers.getQueue().size(), sha256, count);
            return false;
        }
    }

    /**
     * Returns the stored preview, making it now when it does not exist yet.
     *
     * @return empty when the image does not exist
     */
    Optional<ImageRepository.StoredFile> ensure(String sha256, int size)
            throws IOException, ImageRejectedException, MemoryBudget.BusyException {
        Optional<ImageRepository.StoredFile> existing = repository.file(sha256, size);
        if (existing.isPresent() || repository.find(sha256).isEmpty()) {
            return existing;
        }
        make(sha256, null);
        return repository.file(sha256, size);
    }

    private void makeAll(String sha256, BufferedImage preview) {
        try {
            make(sha256, preview);
        } catch (IOException | ImageRejectedException | MemoryBudget.BusyException | RuntimeException e) {
            LOG.error("Making the previews of image {} failed; they will be retried on first request", sha256, e);
        }
    }

    private void make(String sha256, BufferedImage preview)
            throws IOException, ImageRejectedException, MemoryBudget.BusyException {
        BufferedImage source = preview != null ? preview : decodeStored(sha256);
        if (source == null) {
            return;
        }
        for (int size : SIZES) {
            BufferedImage scaled = Scaler.fitWithin(source, size);
            repository.putThumbnail(sha256, size, Encoder.encode(scaled, ImageDecoder.anyTransparent(scaled)));
        }
    }

    /** Decodes the stored image subsampled to about the largest preview size, or returns null when it is gone. */
    private BufferedImage decodeStored(String sha256)
            throws IOException, ImageRejectedException, MemoryBudget.BusyException {
        Optional<ImageRepository.StoredFile> file = repository.file(sha256, 0);
        if (file.isEmpty()) {
            return null;
        }
        Path temp = Files.createTempFile(tempDirectory, "thumb-", ".img");
        try {
            try (InputStream in = repository.open(file.get().fileId())) {
                Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
            }
            ImageFormat format = ImageFormat.fromMediaType(file.get().mediaType())
                    .orElseThrow(() -> new IOException("Stored image " + sha256 + " has media type "
                            + file.get().mediaType() + ", which has no decoder"));
            return decoder.decode(temp, format, SIZES[SIZES.length - 1]).pixels();
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Returns the number of jobs waiting for a worker. */
    int queued() {
        return workers.getQueue().size();
    }

    /** Stops taking jobs and waits up to 10 s for running ones. */
    @Override
    public void close() {
        workers.shutdown();
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("Thumbnail workers still busy after 10 s; {} queued jobs are abandoned", workers.shutdownNow().size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.shutdownNow();
        }
    }
}
