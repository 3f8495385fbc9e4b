package io.pixelcraft.api.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CursorsTest {

    @Test
    void roundTripKeepsParts() {
        String cursor = Cursors.encode("2026-01-02T03:04:05Z", "p/1.x", "");

        assertThat(cursor).matches("[A-Za-z0-9_.\\-]+");
        assertThat(Cursors.decode(cursor, 3)).containsExactly("2026-01-02T03:04:05Z", "p/1.x", "");
    }

    @Test
    void wrongPartCountIsRejected() {
        String cursor = Cursors.encode("a", "b");

        assertThatThrownBy(() -> Cursors.decode(cursor, 3)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.violations().get(0).field()).isEqualTo("cursor");
        });
    }

    @Test
    void garbageIsRejected() {
        for (String garbage : List.of("", "abc", "c2.YQ", "c1.@@@", "c1")) {
            assertThatThrownBy(() -> Cursors.decode(garbage, 1)).as(garbage).isInstanceOf(ApiException.class);
        }
    }

    @Test
    void oversizedCursorIsRejected() {
        assertThatThrownBy(() -> Cursors.encode("x".repeat(3000))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pageRequestBoundsLimit() {
        assertThatThrownBy(() -> new PageRequest(Page.MAX_LIMIT + 1, java.util.Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new PageRequest(10, java.util.Optional.of("")).cursor()).isEmpty();
    }
}
