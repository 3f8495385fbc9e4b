package io.pixelcraft.web.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pixelcraft.api.web.ApiException;
import org.junit.jupiter.api.Test;

class QueryStringTest {

    @Test
    void decodesNamesAndValues() {
        QueryString query = QueryString.parse("name=caf%C3%A9+au+lait&projectId=abc");

        assertThat(query.get("name")).contains("café au lait");
        assertThat(query.get("projectId")).contains("abc");
    }

    @Test
    void firstOccurrenceWins() {
        assertThat(QueryString.parse("limit=5&limit=500").get("limit")).contains("5");
    }

    @Test
    void missingAndEmptyValues() {
        QueryString query = QueryString.parse("flag&empty=&&");

        assertThat(query.get("flag")).contains("");
        assertThat(query.get("empty")).contains("");
        assertThat(query.get("absent")).isEmpty();
        assertThat(QueryString.parse(null).get("x")).isEmpty();
    }

    @Test
    void invalidPercentEncodingIsBadRequest() {
        assertThatThrownBy(() -> QueryString.parse("name=%zz"))
                .isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(400))
                .hasMessageContaining("%zz");
    }
}
