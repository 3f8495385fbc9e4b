package io.pixelcraft.imaging.internal;

import java.util.ArrayList;
import java.util.List;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.IIOServiceProvider;

/**
 * Registers the embedded TwelveMonkeys readers in the JVM-wide {@link IIORegistry}. ImageIO's own
 * plugin scan reads {@code META-INF/services} from the class path only, which inside OSGi does not
 * see bundles, so the providers are added by hand and removed again when the bundle stops.
 */
final class ImageIoPlugins implements AutoCloseable {

    private final IIORegistry registry;
    private final List<IIOServiceProvider> registered = new ArrayList<>();

    private ImageIoPlugins(IIORegistry registry) {
        this.registry = registry;
    }

    /** Registers the JPEG (CMYK, YCCK, ICC), WebP, TIFF and BMP readers. */
    static ImageIoPlugins register() {
        ImageIoPlugins plugins = new ImageIoPlugins(IIORegistry.getDefaultInstance());
        plugins.add(new com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi());
        plugins.add(new com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi());
        plugins.add(new com.twelvemonkeys.imageio.plugins.tiff.TIFFImageReaderSpi());
        plugins.add(new com.twelvemonkeys.imageio.plugins.bmp.BMPImageReaderSpi());
        return plugins;
    }

    private void add(IIOServiceProvider provider) {
        // An instance of the class may already be there, for example from the class path in unit
        // tests. That instance belongs to someone else, so close() does not remove it.
        if (registry.getServiceProviderByClass(provider.getClass()) == null) {
            registry.registerServiceProvider(provider);
            registered.add(provider);
        }
    }

    /** Returns the class names of the providers this instance added. */
    List<String> registeredNames() {
        return registered.stream().map(provider -> provider.getClass().getName()).toList();
    }

    /** Removes the providers this instance added. */
    @Override
    public void close() {
        for (IIOServiceProvider provider : registered) {
            registry.deregisterServiceProvider(provider);
        }
        registered.clear();
    }
}
