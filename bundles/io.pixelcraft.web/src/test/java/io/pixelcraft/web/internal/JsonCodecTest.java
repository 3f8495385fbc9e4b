package io.pixelcraft.web.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import io.pixelcraft.api.web.ApiException;
import io.pixelcraft.api.web.Page;
import io.pixelcraft.api.web.ProjectRole;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonCodecTest {

    record Member(String userId, ProjectRole role, Instant joinedAt) {
    }

    record Canvas(@JsonSetter(nulls = Nulls.FAIL) Double width, int height, String label) {
    }

    private final JsonCodec json = new JsonCodec(16, 100);

    private String write(Object value) {
        return new String(json.write(value), StandardCharsets.UTF_8);
    }

    private Member read(String body) {
        return json.read(body.getBytes(StandardCharsets.UTF_8), Member.class);
    }

    @Test
    void writesTimestampsAsRfc3339() {
        String written = write(new Member("u1", ProjectRole.EDITOR, Instant.parse("2026-01-02T03:04:05.120Z")));

        assertThat(written).contains("\"joinedAt\":\"2026-01-02T03:04:05.120Z\"");
    }

    @Test
    void writesEnumsInLowerCase() {
        assertThat(write(new Member("u1", ProjectRole.EDITOR, null))).contains("\"role\":\"editor\"");
    }

    @Test
    void writesNullFields() {
        assertThat(write(new Page<>(List.of(), null))).isEqualTo("{\"items\":[],\"next\":null}");
    }

    @Test
    void readsLowerCaseEnumsAndTimestamps() {
        Member member = read("{\"userId\":\"u1\",\"role\":\"viewer\",\"joinedAt\":\"2026-01-02T03:04:05Z\"}");

        assertThat(member.role()).isEqualTo(ProjectRole.VIEWER);
        assertThat(member.joinedAt()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
    }

    @Test
    void unknownEnumValueListsAllowedValues() {
        assertThatThrownBy(() -> read("{\"userId\":\"u1\",\"role\":\"king\",\"joinedAt\":null}"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.violations().get(0).field()).isEqualTo("role");
                    assertThat(e.violations().get(0).message()).contains("[viewer, editor, owner]");
                });
    }

    @Test
    void numberIsNotAString() {
        assertThatThrownBy(() -> read("{\"userId\":12,\"role\":\"viewer\",\"joinedAt\":null}"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.violations().get(0).field()).isEqualTo("userId");
                    assertThat(e.violations().get(0).rule()).isEqualTo("type");
                });
    }

    @Test
    void writesTimestampsInMilliseconds() {
        String written = write(new Member("u1", null, Instant.parse("2026-12-04T23:43:53.601427236Z")));

        assertThat(written).contains("\"joinedAt\":\"2026-12-04T23:43:53.601Z\"");
    }

    @Test
    void trailingContentIsMalformed() {
        for (String body : List.of("{\"userId\":\"u1\"} {}", "{\"userId\":\"u1\"} {\"x\":1}", "{\"userId\":\"u1\"} 5",
                "{\"userId\":\"u1\"} x")) {
            assertThatThrownBy(() -> read(body))
                    .as(body)
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("malformed-json"));
        }
    }

    @Test
    void duplicateKeyIsMalformed() {
        assertThatThrownBy(() -> read("{\"userId\":\"a\",\"userId\":\"b\"}"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo("malformed-json");
                    assertThat(e.detail()).contains("'userId'");
                });
    }

    @Test
    void duplicateNestedKeyIsMalformed() {
        assertThatThrownBy(() -> json.read("{\"width\":1,\"height\":2,\"label\":\"a\",\"x\":{\"k\":1,\"k\":2}}"
                .getBytes(StandardCharsets.UTF_8), Canvas.class))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("malformed-json"));
    }

    @Test
    void severalInvalidFieldsGetOneEntryEach() {
        assertThatThrownBy(() -> read("{\"userId\":12,\"role\":\"king\",\"joinedAt\":\"yesterday\",\"extra\":1}"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo("validation-failed");
                    assertThat(e.violations()).extracting(v -> v.field())
                            .containsExactly("userId", "role", "joinedAt", "extra");
                    assertThat(e.violations()).extracting(v -> v.rule())
                            .containsExactly("type", "type", "type", "unknown-field");
                    assertThat(e.detail()).startsWith("4 fields are invalid");
                });
    }

    @Test
    void oneInvalidFieldKeepsItsDetail() {
        assertThatThrownBy(() -> read("{\"userId\":12,\"role\":\"viewer\"}"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.violations()).hasSize(1);
                    assertThat(e.violations().get(0).rule()).isEqualTo("type");
                    assertThat(e.detail()).startsWith("Invalid value for 'userId'");
                });
    }

    @Test
    void nullForNonNullableFieldIsRequired() {
        assertThatThrownBy(() -> json.read("{\"width\":null,\"height\":1}".getBytes(StandardCharsets.UTF_8), Canvas.class))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.violations()).hasSize(1);
                    assertThat(e.violations().get(0).field()).isEqualTo("width");
                    assertThat(e.violations().get(0).rule()).isEqualTo("required");
                });
    }

    @Test
    void nullForPrimitiveIsRequired() {
        assertThatThrownBy(() -> json.read("{\"width\":1,\"height\":null}".getBytes(StandardCharsets.UTF_8), Canvas.class))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.violations().get(0).field()).isEqualTo("height");
                    assertThat(e.violations().get(0).rule()).isEqualTo("required");
                });
    }

    @Test
    void nullForNullableFieldIsAccepted() {
        Canvas canvas = json.read("{\"width\":2,\"height\":1,\"label\":null}".getBytes(StandardCharsets.UTF_8), Canvas.class);

        assertThat(canvas.label()).isNull();
    }

    @Test
    void nestingLimitNamesNoClass() {
        String deep = "{\"userId\":" + "[".repeat(20) + "]".repeat(20) + "}";

        assertThatThrownBy(() -> read(deep))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.violations().get(0).rule()).isEqualTo("json-limit");
                    assertThat(e.violations().get(0).message())
                            .isEqualTo("Objects and arrays are nested more than 16 levels deep")
                            .doesNotContain("StreamReadConstraints");
                });
    }

    @Test
    void errorEchoIsTruncated() {
        assertThat(JsonCodec.truncate("x".repeat(500))).hasSize(123);
    }

    @Test
    void nullBodyIsBadRequest() {
        for (String body : List.of("null", " null ")) {
            assertThatThrownBy(() -> json.read(body.getBytes(StandardCharsets.UTF_8), Member.class))
                    .isInstanceOf(ApiException.class)
                    .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(400))
                    .hasMessageContaining("null");
        }
    }
}
