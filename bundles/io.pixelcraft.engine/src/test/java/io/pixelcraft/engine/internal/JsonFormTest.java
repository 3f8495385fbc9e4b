package io.pixelcraft.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.pixelcraft.api.document.BatchResult;
import io.pixelcraft.api.document.Document;
import io.pixelcraft.api.document.DocumentSnapshot;
import io.pixelcraft.api.document.NodeType;
import io.pixelcraft.api.document.Op;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The API records read and write as JSON with a plain Jackson mapper that rejects unknown fields. */
class JsonFormTest {

    private final ObjectMapper mapper = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    @Test
    void opParsesFromClientJson() throws Exception {
        String json = """
                {"kind":"create","opId":"c1:1","node":"n1","type":"text","parent":"root","index":0,
                 "props":{"text":"Hi","fontSize":24,"filters":[{"id":"example.blur","version":"[1.0,2.0)","params":{"radius":2}}]}}
                """;

        Op op = mapper.readValue(json, Op.class);
        Document document = Fixtures.document();
        BatchResult result = document.apply(List.of(op));

        assertThat(result.applied()).isTrue();
        assertThat(document.node("n1").orElseThrow().props()).containsEntry("fontSize", 24.0);
    }

    @Test
    void snapshotRoundTripsThroughJson() throws Exception {
        Document document = Fixtures.document();
        document.apply(List.of(Op.create("a", "g", NodeType.GROUP, "root", Map.of("name", "Group")),
                Op.create("b", "t", NodeType.TEXT, "g", Map.of("text", "é ✓", "filters",
                        List.of(Map.of("id", "x.y", "version", "1.0", "params", Map.of("on", true, "mode", "soft")))))));
        DocumentSnapshot snapshot = document.snapshot();

        String json = mapper.writeValueAsString(snapshot);
        DocumentSnapshot parsed = mapper.readValue(json, DocumentSnapshot.class);

        assertThat(parsed).isEqualTo(snapshot);
        assertThat(Fixtures.engine().open(parsed).snapshot()).isEqualTo(snapshot);
        assertThat(json).startsWith("{\"format\":1,\"revision\":1,\"nodes\":[{\"id\":\"root\",\"type\":\"root\"");
        assertThat(mapper.writeValueAsString(parsed)).isEqualTo(json);
    }
}
