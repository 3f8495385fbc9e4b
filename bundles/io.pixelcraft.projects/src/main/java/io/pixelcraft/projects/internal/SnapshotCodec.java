package io.pixelcraft.projects.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.pixelcraft.api.document.DocumentSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** Writes and reads snapshots as gzip-compressed JSON, the form stored in GridFS. */
final class SnapshotCodec {

    private final ObjectMapper mapper = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    void write(DocumentSnapshot snapshot, OutputStream out) throws IOException {
        GZIPOutputStream gzip = new GZIPOutputStream(out, 64 * 1024);
        mapper.writeValue(gzip, snapshot);
        gzip.finish();
    }

    DocumentSnapshot read(InputStream in) throws IOException {
        return mapper.readValue(new GZIPInputStream(in, 64 * 1024), DocumentSnapshot.class);
    }
}
