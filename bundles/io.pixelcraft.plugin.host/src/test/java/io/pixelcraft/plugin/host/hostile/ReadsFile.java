package io.pixelcraft.plugin.host.hostile;

import io.pixelcraft.api.plugin.Filter;
import io.pixelcraft.api.plugin.FilterContext;
import io.pixelcraft.api.plugin.ParameterSchema;
import io.pixelcraft.api.plugin.Parameters;
import io.pixelcraft.api.plugin.Raster;
import java.util.Locale;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Hostile plugin: reads a file from the host. */
public final class ReadsFile implements Filter {

    @Override
    public String id() {
        return "hostile.reads-file";
    }

    @Override
    public String name(Locale locale) {
        return "ReadsFile";
    }

    @Override
    public ParameterSchema schema() {
        return ParameterSchema.EMPTY;
    }

    @Override
    public Raster apply(Raster input, Parameters parameters, FilterContext context) {
        try {
            byte[] secret = Files.readAllBytes(Path.of("/etc/hostname"));
            return Raster.filled(1, 1, secret.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
