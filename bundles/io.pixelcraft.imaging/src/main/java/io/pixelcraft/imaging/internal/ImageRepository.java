package io.pixelcraft.imaging.internal;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;
import io.pixelcraft.api.image.ImageInfo;
import io.pixelcraft.api.image.ImageReference;
import io.pixelcraft.api.storage.StorageService;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

/**
 * Image records and their bytes in MongoDB.
 *
 * <p>Collection {@code images} has one document per image, keyed by the SHA-256 of the stored
 * bytes ({@code _id}), so every lookup uses {@code _id} (the embedded store ignores non-unique
 * indexes). References live in the document's {@code refs} array for the same reason. The bytes of
 * the image and its thumbnails are GridFS files in bucket {@code images} with generated ids, so a
 * failed or duplicate upload can delete its own chunks without touching another file's.
 */
final class ImageRepository {

    static final String COLLECTION = "images";
    static final String BUCKET = "images";

    private final StorageService storage;

    ImageRepository(StorageService storage) {
        this.storage = storage;
    }

    /** A stored GridFS file and what it contains. */
    record StoredFile(ObjectId fileId, String mediaType, long bytes) {
    }

    /** The outcome of {@link #store}: the image and whether this call created it. */
    record Stored(ImageInfo info, boolean created) {
    }

    private MongoCollection<Document> images() {
        return storage.database().getCollection(COLLECTION);
    }

    private GridFSBucket bucket() {
        return storage.bucket(BUCKET);
    }

    Optional<ImageInfo> find(String sha256) {
        return Optional.ofNullable(images().find(Filters.eq("_id", sha256)).first()).map(ImageRepository::toInfo);
    }

    /**
     * Stores the image unless one with the same hash exists, and adds {@code uploaderId} (when not
     * {@code null}) to the image's {@code uploaders}. In both cases the image's grace period
     * restarts, so a fresh upload is not removed before its uploader can link it.
     */
    Stored store(Ingest.Prepared prepared, String uploaderId, String originalName, Instant now) {
        String sha256 = prepared.sha256();
        Bson touch = Updates.set("touched", Date.from(now));
        if (images().updateOne(Filters.eq("_id", sha256), withUploader(touch, uploaderId)).getMatchedCount() > 0) {
            return new Stored(find(sha256).orElseThrow(), false);
        }

        ImageDecoder.Decoded decoded = prepared.decoded();
        Document metadata = new Document("sha256", sha256)
                .append("mediaType", prepared.format().mediaType())
                .append("width", decoded.width())
                .append("height", decoded.height())
                .append("bytes", (long) prepared.bytes().length)
                .append("uploaderId", uploaderId)
                .append("created", Date.from(now))
                .append("originalName", originalName);
        ObjectId fileId = bucket().uploadFromStream(sha256, new ByteArrayInputStream(prepared.bytes()),
                new GridFSUploadOptions().metadata(metadata));

        Document image = new Document("_id", sha256)
                .append("fileId", fileId)
                .append("mediaType", prepared.format().mediaType())
                .append("width", decoded.width())
                .append("height", decoded.height())
                .append("bytes", (long) prepared.bytes().length)
                .append("hasAlpha", decoded.hasAlpha())
                .append("uploaderId", uploaderId)
                .append("uploaders", uploaderId == null ? new ArrayList<String>() : new ArrayList<>(List.of(uploaderId)))
                .append("created", Date.from(now))
                .append("touched", Date.from(now))
                .append("originalName", originalName)
                .append("refs", new ArrayList<String>())
                .append("thumbs", new Document());
        try {
            images().insertOne(image);
            return new Stored(toInfo(image), true);
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                bucket().delete(fileId);
                throw e;
            }
            // Another upload of the same bytes won the race: keep its file and drop ours, but
            // record this caller as an uploader too.
            bucket().delete(fileId);
            images().updateOne(Filters.eq("_id", sha256), withUploader(touch, uploaderId));
            return new Stored(find(sha256).orElseThrow(), false);
        }
    }

    private static Bson withUploader(Bson update, String uploaderId) {
        return uploaderId == null ? update : Updates.combine(update, Updates.addToSet("uploaders", uploaderId));
    }

    /**
     * Returns whether the user uploaded these bytes, first or later. Documents stored before the
     * {@code uploaders} array existed name only their first uploader, in {@code uploaderId}.
     */
    boolean isUploader(String sha256, String userId) {
        Bson uploader = Filters.or(Filters.eq("uploaderId", userId), Filters.eq("uploaders", userId));
        return images().find(Filters.and(Filters.eq("_id", sha256), uploader)).first() != null;
    }

    /** Returns the stored file of the image ({@code thumbSize} 0) or of one of its thumbnails. */
    Optional<StoredFile> file(String sha256, int thumbSize) {
        Document image = images().find(Filters.eq("_id", sha256)).first();
        if (image == null) {
            return Optional.empty();
        }
        if (thumbSize == 0) {
            return Optional.of(new StoredFile(image.getObjectId("fileId"), image.getString("mediaType"),
                    image.get("bytes", Number.class).longValue()));
        }
        Document thumb = image.get("thumbs", new Document()).get(Integer.toString(thumbSize), Document.class);
        if (thumb == null) {
            return Optional.empty();
        }
        return Optional.of(new StoredFile(thumb.getObjectId("fileId"), thumb.getString("mediaType"),
                thumb.get("bytes", Number.class).longValue()));
    }

    /**
     * Opens a stored file. Chunks are fetched 16 at a time (4 MiB): without a batch size the
     * embedded store returns every chunk of a 50 MB file in one reply, which the driver rejects
     * as longer than its 48 MB message limit.
     */
    InputStream open(ObjectId fileId) {
        return bucket().openDownloadStream(fileId).batchSize(16);
    }

    /** Stores a thumbnail unless the image already has one of that size or no longer exists. */
    void putThumbnail(String sha256, int size, Encoder.Encoded encoded) {
        String field = "thumbs." + size;
        ObjectId fileId = bucket().uploadFromStream(sha256 + "-" + size, new ByteArrayInputStream(encoded.bytes()),
                new GridFSUploadOptions().metadata(new Document("derivedFrom", sha256).append("size", size)
                        .append("mediaType", encoded.format().mediaType())));
        Document thumb = new Document("fileId", fileId)
                .append("mediaType", encoded.format().mediaType())
                .append("bytes", (long) encoded.bytes().length);
        UpdateResult result = images().updateOne(
                Filters.and(Filters.eq("_id", sha256), Filters.exists(field, false)), Updates.set(field, thumb));
        if (result.getModifiedCount() == 0) {
            bucket().delete(fileId);
        }
    }

    /** @throws NoSuchElementException when no image has this hash */
    void link(String sha256, ImageReference reference) {
        UpdateResult result = images().updateOne(Filters.eq("_id", sha256),
                Updates.addToSet("refs", reference.key()));
        if (result.getMatchedCount() == 0) {
            throw new NoSuchElementException("No image with id " + sha256);
        }
    }

    void unlink(String sha256, ImageReference reference, Instant now) {
        // The grace period restarts when a reference goes, so the last unlink is not followed by an instant removal.
        images().updateOne(Filters.eq("_id", sha256),
                Updates.combine(Updates.pull("refs", reference.key()), Updates.set("touched", Date.from(now))));
    }

    /**
     * Removes a reference from every image that has it and restarts their grace periods. The
     * filter on {@code refs} scans the collection on the embedded store (it ignores non-unique
     * indexes); only the trash purge calls this, once per purged project.
     *
     * @return how many images lost the reference
     */
    long unlinkEverywhere(ImageReference reference, Instant now) {
        return images().updateMany(Filters.eq("refs", reference.key()),
                Updates.combine(Updates.pull("refs", reference.key()), Updates.set("touched", Date.from(now))))
                .getModifiedCount();
    }

    Set<ImageReference> references(String sha256) {
        Document image = images().find(Filters.eq("_id", sha256)).first();
        Set<ImageReference> references = new LinkedHashSet<>();
        if (image != null) {
            for (String key : image.getList("refs", String.class, List.of())) {
                references.add(ImageReference.parse(key));
            }
        }
        return references;
    }

    /**
     * Removes images without references whose grace period ended before {@code cutoff}.
     *
     * <p>The query scans the whole collection, because the embedded store ignores non-unique
     * indexes; the job runs rarely, so that costs little. Each removal re-checks "no references"
     * in the delete filter itself, so an image linked after the scan is kept.
     *
     * @return the ids of the removed images
     */
    List<String> removeUnreferenced(Instant cutoff, int maxRemovals) {
        Bson unreferenced = Filters.and(Filters.size("refs", 0), Filters.lt("touched", Date.from(cutoff)));
        List<String> removed = new ArrayList<>();
        for (Document candidate : images().find(unreferenced).limit(maxRemovals)) {
            String sha256 = candidate.getString("_id");
            Document deleted = images().findOneAndDelete(Filters.and(Filters.eq("_id", sha256), unreferenced));
            if (deleted == null) {
                continue;
            }
            bucket().delete(deleted.getObjectId("fileId"));
            Document thumbs = deleted.get("thumbs", new Document());
            for (String size : thumbs.keySet()) {
                bucket().delete(thumbs.get(size, Document.class).getObjectId("fileId"));
            }
            removed.add(sha256);
        }
        return removed;
    }

    private static ImageInfo toInfo(Document image) {
        Date created = image.getDate("created");
        return new ImageInfo(image.getString("_id"), image.getString("mediaType"),
                image.getInteger("width"), image.getInteger("height"),
                image.get("bytes", Number.class).longValue(), image.getBoolean("hasAlpha", false),
                image.getString("uploaderId"), created == null ? null : created.toInstant(),
                image.getString("originalName"));
    }
}
