package io.pixelcraft.imaging.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pixelcraft.api.image.ImageInfo;
import io.pixelcraft.api.image.ImageReference;
import io.pixelcraft.testing.TestStorage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.NoSuchElementException;
import javax.imageio.ImageIO;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagingServiceTest {

    @TempDir
    Path data;

    private TestStorage storage;
    private MutableClock clock;
    private ImagingService service;

    @BeforeEach
    void start() throws Exception {
        storage = new TestStorage();
        clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
        service = new ImagingService(storage, (caller, access, projectId) -> java.util.Optional.empty(),
                new TestConfig(), clock, data);
    }

    @AfterEach
    void stop() {
        service.deactivate();
        storage.close();
    }

    static byte[] png(int width, int height, boolean transparent) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, 0xff000000 | (x * 255 / width) << 16 | (y * 255 / height) << 8);
            }
        }
        if (transparent) {
            image.setRGB(0, 0, 0);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private ImageRepository.Stored upload(byte[] bytes) throws Exception {
        return service.upload(new ByteArrayInputStream(bytes), "user-1", "../photo.png");
    }

    @Test
    void uploadStoresMetadataOnce() throws Exception {
        byte[] bytes = png(300, 200, false);

        ImageRepository.Stored first = upload(bytes);
        ImageRepository.Stored second = upload(bytes);

        assertThat(first.created()).isTrue();
        assertThat(second.created()).isFalse();
        ImageInfo info = first.info();
        assertThat(info.sha256()).isEqualTo(Ingest.sha256(bytes));
        assertThat(info.width()).isEqualTo(300);
        assertThat(info.height()).isEqualTo(200);
        assertThat(info.mediaType()).isEqualTo("image/png");
        assertThat(info.bytes()).isEqualTo(bytes.length);
        assertThat(info.uploaderId()).isEqualTo("user-1");
        assertThat(info.originalName()).isEqualTo("photo.png");
        assertThat(info.created()).isEqualTo(clock.instant());
        assertThat(storage.database().getCollection("images.files").countDocuments(new Document("filename", info.sha256())))
                .isEqualTo(1);
        try (InputStream in = service.openBytes(info.sha256())) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
    }

    @Test
    void gridFsFileCarriesMetadata() throws Exception {
        ImageInfo info = upload(png(30, 20, false)).info();

        Document file = storage.database().getCollection("images.files")
                .find(new Document("filename", info.sha256())).first();

        Document metadata = file.get("metadata", Document.class);
        assertThat(metadata.getString("sha256")).isEqualTo(info.sha256());
        assertThat(metadata.getString("mediaType")).isEqualTo("image/png");
        assertThat(metadata.getInteger("width")).isEqualTo(30);
        assertThat(metadata.getInteger("height")).isEqualTo(20);
        assertThat(metadata.getLong("bytes")).isEqualTo(info.bytes());
        assertThat(metadata.getString("uploaderId")).isEqualTo("user-1");
        assertThat(metadata.getString("originalName")).isEqualTo("photo.png");
        assertThat(metadata.getDate("created")).isNotNull();
    }

    @Test
    void readPixelsReturnsArgb() throws Exception {
        ImageInfo info = upload(png(30, 20, true)).info();

        BufferedImage pixels = service.readPixels(info.sha256());

        assertThat(pixels.getType()).isEqualTo(BufferedImage.TYPE_INT_ARGB);
        assertThat(pixels.getWidth()).isEqualTo(30);
        assertThat(pixels.getRGB(0, 0) >>> 24).isZero();
        assertThat(pixels.getRGB(1, 0) >>> 24).isEqualTo(255);
    }

    @Test
    void referencesLinkAndUnlink() throws Exception {
        String id = upload(png(10, 10, false)).info().sha256();

        service.link(id, ImageReference.project("p1"));
        service.link(id, ImageReference.project("p1"));
        service.link(id, new ImageReference(ImageReference.Kind.SHARE, "s1"));

        assertThat(service.references(id)).containsExactlyInAnyOrder(
                ImageReference.project("p1"), new ImageReference(ImageReference.Kind.SHARE, "s1"));
        service.unlink(id, ImageReference.project("p1"));
        assertThat(service.references(id)).containsExactly(new ImageReference(ImageReference.Kind.SHARE, "s1"));
        assertThatThrownBy(() -> service.link("0".repeat(64), ImageReference.project("p1")))
                .isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> service.find("../etc")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cleanupRemovesOnlyUnreferencedAfterGrace() throws Exception {
        String kept = upload(png(10, 10, false)).info().sha256();
        String removed = upload(png(11, 10, false)).info().sha256();
        service.link(kept, ImageReference.project("p1"));
        service.thumbnails().ensure(removed, 256);

        clock.advance(Duration.ofHours(23));
        service.removeUnreferenced();
        assertThat(service.find(removed)).isPresent();

        clock.advance(Duration.ofHours(2));
        service.removeUnreferenced();

        assertThat(service.find(removed)).isEmpty();
        assertThat(service.find(kept)).isPresent();
        assertThat(storage.database().getCollection("images.files").countDocuments(new Document("filename", removed)))
                .isZero();
        assertThat(storage.database().getCollection("images.files")
                .countDocuments(new Document("metadata.derivedFrom", removed))).isZero();
    }

    @Test
    void purgeUnlinksProjectEverywhere() throws Exception {
        String onlyPurged = upload(png(12, 10, false)).info().sha256();
        String shared = upload(png(13, 10, false)).info().sha256();
        service.link(onlyPurged, ImageReference.project("p1"));
        service.link(shared, ImageReference.project("p1"));
        service.link(shared, ImageReference.project("p2"));

        new ImagePurge(service).purge("p1");

        assertThat(service.references(onlyPurged)).isEmpty();
        assertThat(service.references(shared)).containsExactly(ImageReference.project("p2"));
    }

    @Test
    void purgedProjectImagesRemovedAfterGrace() throws Exception {
        String uploaded = upload(png(14, 10, false)).info().sha256();
        service.link(uploaded, ImageReference.project("p1"));
        clock.advance(Duration.ofDays(3));

        new ImagePurge(service).purge("p1");
        service.removeUnreferenced();
        assertThat(service.find(uploaded)).isPresent();

        clock.advance(Duration.ofHours(25));
        service.removeUnreferenced();

        assertThat(service.find(uploaded)).isEmpty();
    }

    @Test
    void thumbnailsJpegWhenOpaquePngWithAlpha() throws Exception {
        String opaque = upload(png(2000, 1000, false)).info().sha256();
        String transparent = upload(png(600, 300, true)).info().sha256();

        ImageRepository.StoredFile small = service.thumbnails().ensure(opaque, 256).orElseThrow();
        ImageRepository.StoredFile large = service.thumbnails().ensure(opaque, 1024).orElseThrow();
        ImageRepository.StoredFile alpha = service.thumbnails().ensure(transparent, 256).orElseThrow();

        assertThat(small.mediaType()).isEqualTo("image/jpeg");
        assertThat(alpha.mediaType()).isEqualTo("image/png");
        BufferedImage smallImage = ImageIO.read(service.repository().open(small.fileId()));
        BufferedImage largeImage = ImageIO.read(service.repository().open(large.fileId()));
        assertThat(smallImage.getWidth()).isEqualTo(256);
        assertThat(smallImage.getHeight()).isEqualTo(128);
        assertThat(largeImage.getWidth()).isEqualTo(1024);
        assertThat(largeImage.getHeight()).isEqualTo(512);
    }

    @Test
    void fiftyMegabyteFileReadsBack() throws Exception {
        byte[] bytes = new byte[50 * 1024 * 1024];
        new java.util.Random(7).nextBytes(bytes);
        org.bson.types.ObjectId fileId = storage.bucket(ImageRepository.BUCKET)
                .uploadFromStream("large", new ByteArrayInputStream(bytes));

        byte[] read;
        try (InputStream in = service.repository().open(fileId)) {
            read = in.readAllBytes();
        }

        assertThat(read).hasSize(bytes.length);
        assertThat(read).isEqualTo(bytes);
    }

    @Test
    void signedPathVerifiesUntilExpiry() {
        String id = "a".repeat(64);

        String signed = service.signedPath(id, 256, Duration.ofHours(1));

        String path = signed.substring(0, signed.indexOf('?'));
        String expiry = signed.replaceAll(".*exp=(\\d+).*", "$1");
        String signature = signed.replaceAll(".*sig=([0-9a-f]+).*", "$1");
        assertThat(path).isEqualTo("/images/" + id + "/thumb/256");
        assertThat(service.verifySignature(path, expiry, signature)).isTrue();
        assertThat(service.verifySignature("/images/" + id, expiry, signature)).isFalse();
        assertThat(service.verifySignature(path, Long.toString(Long.parseLong(expiry) + 1), signature)).isFalse();
        clock.advance(Duration.ofHours(2));
        assertThat(service.verifySignature(path, expiry, signature)).isFalse();
        assertThatThrownBy(() -> service.signedPath(id, 300, Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> service.signedPath(id, 0, Duration.ofDays(8)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void storeGeneratedLinksWithoutUploader() throws Exception {
        byte[] bytes = png(400, 300, false);
        ImageReference project = ImageReference.project("0123456789abcdef01234567");

        ImageInfo info = service.storeGenerated(bytes, project);
        ImageInfo again = service.storeGenerated(bytes, project);

        assertThat(info.sha256()).isEqualTo(Ingest.sha256(bytes));
        assertThat(info.width()).isEqualTo(400);
        assertThat(info.uploaderId()).isNull();
        assertThat(again.sha256()).isEqualTo(info.sha256());
        assertThat(service.references(info.sha256())).containsExactly(project);
        assertThat(service.thumbnails().ensure(info.sha256(), 256)).isPresent();
    }

    @Test
    void storeGeneratedRejectsNonImage() {
        byte[] html = "<html><body>not an image</body></html>".getBytes(java.nio.charset.StandardCharsets.UTF_8);

        assertThatThrownBy(() -> service.storeGenerated(html, ImageReference.project("0123456789abcdef01234567")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("project:0123456789abcdef01234567");
    }
}
