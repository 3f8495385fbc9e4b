package io.pixelcraft.versions.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixelcraft.api.document.DocumentSnapshot;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** Writes and reads snapshots and deltas as gzip-compressed JSON, the same form the projects bundle stores. */
final class SnapshotCodec {

    private final ObjectMapper mapper = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    void write(Object value, OutputStream out) throws IOException {
        GZIPOutputStream gzip = new GZIPOutputStream(out, 64 * 1024);
        mapper.writeValue(gzip, value);
        gzip.finish();
    }

    <T> T read(InputStream in, Class<T> type) throws IOException {
        return mapper.readValue(new GZIPInputStream(in, 64 * 1024), type);
    }

    byte[] toBytes(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(value, out);
        } catch (IOException e) {
            throw new UncheckedIOException("Encoding " + value.getClass().getSimpleName() + " failed", e);
        }
        return out.toByteArray();
    }

    <T> T fromBytes(byte[] bytes, Class<T> type) {
        try {
            return read(new ByteArrayInputStream(bytes), type);
        } catch (IOException e) {
            throw new UncheckedIOException("Decoding " + type.getSimpleName() + " failed", e);
        }
    }

    DocumentSnapshot readSnapshot(InputStream in) throws IOException {
        return read(in, DocumentSnapshot.class);
    }
}
