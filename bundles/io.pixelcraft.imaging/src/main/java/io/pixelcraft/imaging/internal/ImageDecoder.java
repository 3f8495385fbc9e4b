package io.pixelcraft.imaging.internal;

import com.twelvemonkeys.imageio.color.YCbCrConverter;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import org.w3c.dom.Node;

/**
 * Decodes an image file into upright sRGB {@code TYPE_INT_ARGB} pixels, or rejects it with the
 * reason.
 *
 * <p>The order matters for hostile input: the chunk structure (PNG) and the header size are
 * checked before any pixel is decoded, memory is reserved before the raster is allocated, and a
 * watchdog aborts a decode that runs past the time limit. Only a limited number of decodes run at
 * once (see {@link DecodeSlots}), so that the time limit measures one decode and not a crowd.
 */
final class ImageDecoder {

    /** Heap bytes reserved per decoded pixel: the reader's raster (up to 8) plus the ARGB copy (4). */
    private static final int BYTES_PER_DECODED_PIXEL = 12;

    private final long maxPixels;
    private final long timeoutMillis;
    private final MemoryBudget memory;
    private final ScheduledExecutorService watchdog;
    private final DecodeSlots slots;
    private final IccConversionCache iccConversions;

    /** Creates a decoder with one decode slot per available processor and a 5 s wait for a slot. */
    ImageDecoder(long maxPixels, long timeoutMillis, MemoryBudget memory, ScheduledExecutorService watchdog) {
        this(maxPixels, timeoutMillis, memory, watchdog, new DecodeSlots(0, 5_000));
    }

    /**
     * @param maxPixels     largest accepted width times height, from the header
     * @param timeoutMillis time after which a decode is aborted
     * @param memory        heap budget shared by all decodes
     * @param watchdog      scheduler that aborts slow decodes
     * @param slots         limit on decodes at once, shared by all callers of this decoder
     */
    ImageDecoder(long maxPixels, long timeoutMillis, MemoryBudget memory, ScheduledExecutorService watchdog,
            DecodeSlots slots) {
        this(maxPixels, timeoutMillis, memory, watchdog, slots, new IccConversionCache(IccConversionCache.DEFAULT_CAPACITY));
    }

    /**
     * @param iccConversions cache for RGB JPEGs with an ICC profile other than sRGB, or null to
     *                       leave their conversion to TwelveMonkeys' JPEG reader, as the tests
     *                       do for the reference pixels
     */
    ImageDecoder(long maxPixels, long timeoutMillis, MemoryBudget memory, ScheduledExecutorService watchdog,
            DecodeSlots slots, IccConversionCache iccConversions) {
        this.iccConversions = iccConversions;
        this.maxPixels = maxPixels;
        this.timeoutMillis = timeoutMillis;
        this.memory = memory;
        this.watchdog = watchdog;
        this.slots = slots;
    }

    /** A decoded image. */
    record Decoded(BufferedImage pixels, ImageFormat format, int width, int height, int orientation,
            boolean hasAlpha, List<String> warnings) {
    }

    /**
     * Decodes the file.
     *
     * @param maxEdge 0 for full resolution, otherwise the smallest long edge the result needs. The
     *                reader then subsamples rows and columns, so the full raster is never allocated.
     * @return pixels at decoded size, with {@code width} and {@code height} of the full upright image
     * @throws ImageRejectedException 413, 415 or 422 with a message for the uploader
     * @throws MemoryBudget.BusyException when no decode slot frees in time, other decodes hold the
     *                                    memory budget too long, or the decode ran past the time
     *                                    limit without the decoder reporting corrupt data
     */
    Decoded decode(Path file, ImageFormat format, int maxEdge)
            throws ImageRejectedException, MemoryBudget.BusyException, IOException {
        try (DecodeSlots.Slot slot = slots.acquire()) {
            return decodeInSlot(file, format, maxEdge);
        }
    }

    private Decoded decodeInSlot(Path file, ImageFormat format, int maxEdge)
            throws ImageRejectedException, MemoryBudget.BusyException, IOException {
        ByteBuffer data = map(file);
        if (data.limit() == 0) {
            throw ImageRejectedException.invalid("The file is empty (0 bytes)");
        }
        if (format == ImageFormat.PNG) {
            PngChunks.validate(data);
        }
        int orientation = ExifOrientation.read(format, data);

        ImageReader reader = readerFor(format);
        IccConversionCache.Conversion conversion = iccConversion(format, data, reader);
        try (ImageInputStream input = new FileImageInputStream(file.toFile())) {
            // Only the PNG (tRNS) and GIF (frame position) metadata is used. Skipping the rest matters:
            // TwelveMonkeys parses every JPEG metadata segment otherwise, which made a 2 MP preview 20 times slower.
            boolean needsMetadata = format == ImageFormat.PNG || format == ImageFormat.GIF;
            reader.setInput(input, false, !needsMetadata);
            return read(reader, format, orientation, maxEdge, conversion);
        } finally {
            reader.dispose();
        }
    }

    /**
     * Returns the cached conversion for a YCbCr JPEG whose ICC profile is not sRGB, or null when
     * TwelveMonkeys' reader is to convert the file as usual.
     */
    private IccConversionCache.Conversion iccConversion(ImageFormat format, ByteBuffer data, ImageReader reader) {
        if (iccConversions == null || format != ImageFormat.JPEG
                || !reader.getClass().getName().startsWith("com.twelvemonkeys.")) {
            return null;
        }
        byte[] profile = JpegMarkers.ycbcrIccProfile(data);
        return profile == null ? null : iccConversions.forProfile(profile).orElse(null);
    }

    private Decoded read(ImageReader reader, ImageFormat format, int orientation, int maxEdge,
            IccConversionCache.Conversion conversion) throws ImageRejectedException, MemoryBudget.BusyException {
        Header header = readHeader(reader, format);
        checkPixelCount(header.canvasWidth, header.canvasHeight);
        checkPixelCount(header.frameWidth, header.frameHeight);
        if ((long) header.frameX + header.frameWidth > header.canvasWidth
                || (long) header.frameY + header.frameHeight > header.canvasHeight) {
            throw ImageRejectedException.invalid(String.format(Locale.ROOT,
                    "The %s is invalid: its first frame (%d x %d at %d,%d) extends beyond its %d x %d canvas",
                    format.name(), header.frameWidth, header.frameHeight, header.frameX, header.frameY,
                    header.canvasWidth, header.canvasHeight));
        }

        int subsampling = 1;
        if (maxEdge > 0) {
            subsampling = Math.max(1, Math.max(header.frameWidth, header.frameHeight) / maxEdge);
        }
        long decodedPixels = ((long) header.canvasWidth / subsampling + 1) * (header.canvasHeight / subsampling + 1);
        List<String> warnings = new ArrayList<>();
        try (MemoryBudget.Reservation reservation = memory.reserve(decodedPixels * BYTES_PER_DECODED_PIXEL, 10_000)) {
            BufferedImage raw = readPixels(reader, format, subsampling, warnings, conversion);
            // The conversion already returns sRGB TYPE_INT_ARGB, so no copy is made.
            BufferedImage argb = conversion != null ? raw
                    : PixelConverter.toArgb(raw, header.greyTransparentSample, header.greyBitDepth);
            if (header.frameX != 0 || header.frameY != 0
                    || header.frameWidth != header.canvasWidth || header.frameHeight != header.canvasHeight) {
                argb = placeOnCanvas(argb, header, subsampling);
            }
            BufferedImage upright = Orientation.apply(argb, orientation);
            boolean swap = ExifOrientation.swapsAxes(orientation);
            int width = swap ? header.canvasHeight : header.canvasWidth;
            int height = swap ? header.canvasWidth : header.canvasHeight;
            return new Decoded(upright, format, width, height, orientation, anyTransparent(upright), List.copyOf(warnings));
        }
    }

    private void checkPixelCount(int width, int height) throws ImageRejectedException {
        long pixels = (long) width * height;
        if (pixels > maxPixels) {
            throw ImageRejectedException.tooLarge(String.format(Locale.ROOT,
                    "The image is %d x %d pixels (%.1f megapixels); the limit is %.1f megapixels",
                    width, height, pixels / 1e6, maxPixels / 1e6));
        }
    }

    /** Sizes from the header: the canvas (GIF logical screen, otherwise the image) and the first frame in it. */
    private record Header(int canvasWidth, int canvasHeight, int frameX, int frameY, int frameWidth, int frameHeight,
            int greyTransparentSample, int greyBitDepth) {
    }

    private Header readHeader(ImageReader reader, ImageFormat format) throws ImageRejectedException {
        int width;
        int height;
        try {
            width = reader.getWidth(0);
            height = reader.getHeight(0);
        } catch (IndexOutOfBoundsException e) {
            // TwelveMonkeys' TIFF reader finds no image directory ("index >= numImages").
            throw ImageRejectedException.invalid("The " + format.name() + " file contains no image: it is truncated"
                    + " or its first image directory is missing", e);
        } catch (EOFException e) {
            throw ImageRejectedException.invalid("The " + format.name() + " file is truncated: it ends inside the header", e);
        } catch (IOException | RuntimeException e) {
            throw ImageRejectedException.invalid("The " + format.name() + " header is invalid: " + describe(e), e);
        }
        if (width < 0 || height < 0) {
            // A BMP height of -2147483648 ends up here. Top-down BMPs store a negative height, but this one has no positive counterpart.
            throw ImageRejectedException.invalid("The " + format.name() + " header declares a size of " + width + " x "
                    + height + " pixels, which is out of range");
        }
        if (width == 0 || height == 0) {
            throw ImageRejectedException.invalid("The " + format.name() + " header declares an empty image ("
                    + width + " x " + height + " pixels)");
        }
        if (format == ImageFormat.GIF) {
            return gifHeader(reader, width, height);
        }
        if (format == ImageFormat.PNG) {
            return pngHeader(reader, width, height);
        }
        return new Header(width, height, 0, 0, width, height, -1, 8);
    }

    private Header gifHeader(ImageReader reader, int frameWidth, int frameHeight) throws ImageRejectedException {
        try {
            Node screen = child(reader.getStreamMetadata().getAsTree("javax_imageio_gif_stream_1.0"),
                    "LogicalScreenDescriptor");
            Node frame = child(reader.getImageMetadata(0).getAsTree("javax_imageio_gif_image_1.0"), "ImageDescriptor");
            int screenWidth = intAttribute(screen, "logicalScreenWidth", frameWidth);
            int screenHeight = intAttribute(screen, "logicalScreenHeight", frameHeight);
            int left = intAttribute(frame, "imageLeftPosition", 0);
            int top = intAttribute(frame, "imageTopPosition", 0);
            if (screenWidth <= 0 || screenHeight <= 0) {
                // Browsers size such GIFs by their first frame, so the frame becomes the canvas.
                return new Header(frameWidth, frameHeight, 0, 0, frameWidth, frameHeight, -1, 8);
            }
            return new Header(screenWidth, screenHeight, left, top, frameWidth, frameHeight, -1, 8);
        } catch (IOException | RuntimeException e) {
            throw ImageRejectedException.invalid("The GIF header is invalid: " + describe(e), e);
        }
    }

    private Header pngHeader(ImageReader reader, int width, int height) throws ImageRejectedException {
        try {
            IIOMetadata metadata = reader.getImageMetadata(0);
            Node root = metadata.getAsTree("javax_imageio_png_1.0");
            Node ihdr = child(root, "IHDR");
            Node trns = child(root, "tRNS");
            Node grey = trns == null ? null : child(trns, "tRNS_Grayscale");
            int bitDepth = intAttribute(ihdr, "bitDepth", 8);
            int transparent = grey == null ? -1 : intAttribute(grey, "gray", -1);
            if (transparent > (1 << bitDepth) - 1) {
                // Out of range for the bit depth, so no pixel can match.
                transparent = -1;
            }
            return new Header(width, height, 0, 0, width, height, transparent, bitDepth);
        } catch (IOException | RuntimeException e) {
            throw ImageRejectedException.invalid("The PNG metadata is invalid: " + describe(e), e);
        }
    }

    private BufferedImage readPixels(ImageReader reader, ImageFormat format, int subsampling, List<String> warnings,
            IccConversionCache.Conversion conversion) throws ImageRejectedException, MemoryBudget.BusyException {
        ImageReadParam param = reader.getDefaultReadParam();
        if (subsampling > 1) {
            param.setSourceSubsampling(subsampling, subsampling, 0, 0);
        }
        IIOReadWarningListener listener = (source, warning) -> warnings.add(warning);
        reader.addIIOReadWarningListener(listener);
        // NOTE: abort() only sets a flag that the readers check between rows. Header parsing and a
        // reader stuck inside one row are not interrupted by the time limit.
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> abort = watchdog.schedule(() -> {
            timedOut.set(true);
            reader.abort();
        }, timeoutMillis, TimeUnit.MILLISECONDS);
        BufferedImage image;
        try {
            image = conversion != null ? readAndConvert(reader, param, conversion) : reader.read(0, param);
        } catch (IOException | RuntimeException e) {
            throw ImageRejectedException.invalid("The " + format.name() + " data is corrupt: " + describe(e), e);
        } finally {
            abort.cancel(false);
        }
        for (String warning : warnings) {
            String lower = warning.toLowerCase(Locale.ROOT);
            if (lower.contains("truncated") || lower.contains("premature end")) {
                throw ImageRejectedException.invalid("The " + format.name() + " is truncated: " + warning);
            }
        }
        if (timedOut.get()) {
            // A slow decode is not proof of a broken file (a busy machine slows valid images too),
            // so without an error or warning from the decoder the client is asked to retry.
            // NOTE: a file that takes longer than the limit even alone gets 503 on every retry.
            throw new MemoryBudget.BusyException("Decoding the " + format.name() + " took longer than "
                    + timeoutMillis + " ms and was stopped; retry in a few seconds");
        }
        if (image == null) {
            throw ImageRejectedException.invalid("The " + format.name() + " decoder returned no image");
        }
        return image;
    }

    /**
     * Reads the YCbCr samples without TwelveMonkeys' colour conversion and converts them the way
     * its {@code readImageAsRasterAndReplaceColorProfile} does in 3.13.1: YCbCr to RGB with
     * {@link YCbCrConverter#convertJPEGYCbCr2RGB}, then the profile to sRGB, here through the
     * cached conversion.
     */
    private static BufferedImage readAndConvert(ImageReader reader, ImageReadParam param,
            IccConversionCache.Conversion conversion) throws IOException {
        Raster raster = interleavedRgb(reader.readRaster(0, param));
        byte[] samples = ((DataBufferByte) raster.getDataBuffer()).getData();
        for (int offset = 0; offset < samples.length; offset += 3) {
            YCbCrConverter.convertJPEGYCbCr2RGB(samples, samples, offset);
        }
        return conversion.toArgb(raster);
    }

    /** Returns the raster itself when its bytes are packed RGB triples, else a packed copy. */
    private static Raster interleavedRgb(Raster raster) {
        boolean packed = raster.getParent() == null && raster.getNumBands() == 3
                && raster.getSampleModel() instanceof PixelInterleavedSampleModel model
                && model.getDataType() == DataBuffer.TYPE_BYTE && model.getPixelStride() == 3
                && model.getScanlineStride() == 3 * raster.getWidth()
                && java.util.Arrays.equals(model.getBandOffsets(), new int[] {0, 1, 2})
                && raster.getSampleModelTranslateX() == 0 && raster.getSampleModelTranslateY() == 0
                && raster.getDataBuffer().getOffset() == 0;
        if (packed) {
            return raster;
        }
        WritableRaster copy = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, raster.getWidth(), raster.getHeight(),
                3, null);
        copy.setRect(-raster.getMinX(), -raster.getMinY(), raster);
        return copy;
    }

    private static BufferedImage placeOnCanvas(BufferedImage frame, Header header, int subsampling) {
        int width = Math.max(1, header.canvasWidth / subsampling);
        int height = Math.max(1, header.canvasHeight / subsampling);
        BufferedImage canvas = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        int x = header.frameX / subsampling;
        int y = header.frameY / subsampling;
        int copyWidth = Math.min(frame.getWidth(), width - x);
        int copyHeight = Math.min(frame.getHeight(), height - y);
        if (copyWidth > 0 && copyHeight > 0) {
            int[] pixels = frame.getRGB(0, 0, copyWidth, copyHeight, null, 0, copyWidth);
            canvas.setRGB(x, y, copyWidth, copyHeight, pixels, 0, copyWidth);
        }
        return canvas;
    }

    /** Returns the preferred reader: TwelveMonkeys where it has one, else the JDK's. */
    static ImageReader readerFor(ImageFormat format) throws ImageRejectedException {
        ImageReader fallback = null;
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.formatName());
        while (readers.hasNext()) {
            ImageReader candidate = readers.next();
            if (candidate.getClass().getName().startsWith("com.twelvemonkeys.")) {
                if (fallback != null) {
                    fallback.dispose();
                }
                return candidate;
            }
            if (fallback == null) {
                fallback = candidate;
            } else {
                candidate.dispose();
            }
        }
        if (fallback == null) {
            throw ImageRejectedException.unsupported("No decoder for " + format.mediaType() + " is installed");
        }
        return fallback;
    }

    /** Returns whether any pixel of a {@code TYPE_INT_ARGB} image is not fully opaque. */
    static boolean anyTransparent(BufferedImage argb) {
        for (int pixel : PixelConverter.argbData(argb)) {
            if (pixel >>> 24 != 0xff) {
                return true;
            }
        }
        return false;
    }

    private static ByteBuffer map(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
        }
    }

    private static Node child(Node parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (name.equals(node.getNodeName())) {
                return node;
            }
        }
        return null;
    }

    private static int intAttribute(Node node, String name, int defaultValue) {
        if (node == null || node.getAttributes() == null) {
            return defaultValue;
        }
        Node attribute = node.getAttributes().getNamedItem(name);
        if (attribute == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(attribute.getNodeValue());
        } catch (NumberFormatException e) {
            return defaultValue;
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? "no details given by the decoder" : message;
    }
}
