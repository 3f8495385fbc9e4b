package io.pixelcraft.plugin.host.hostile;

import io.pixelcraft.api.plugin.Filter;
import io.pixelcraft.api.plugin.FilterContext;
import io.pixelcraft.api.plugin.ParameterSchema;
import io.pixelcraft.api.plugin.Parameters;
import io.pixelcraft.api.plugin.Raster;
import java.util.Locale;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;

/** Hostile plugin: opens a network connection. */
public final class OpensSocket implements Filter {

    @Override
    public String id() {
        return "hostile.opens-socket";
    }

    @Override
    public String name(Locale locale) {
        return "OpensSocket";
    }

    @Override
    public ParameterSchema schema() {
        return ParameterSchema.EMPTY;
    }

    @Override
    public Raster apply(Raster input, Parameters parameters, FilterContext context) {
        try (Socket socket = new Socket("127.0.0.1", 9)) {
            return input;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
