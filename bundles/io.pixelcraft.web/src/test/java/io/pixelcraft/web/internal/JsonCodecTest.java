package io.pixelcraft.web.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void trailingContentIsMalformed() {
        assertThatThrownBy(() -> read("{\"userId\":\"u1\",\"role\":\"viewer\",\"joinedAt\":null} {}"))
                .isInstanceOf(ApiException.class);
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
