package io.pixelcraft.mail.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pixelcraft.api.mail.HtmlTemplate;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The API's mail template, tested here because the API bundle has no test setup. */
class HtmlTemplateTest {

    @Test
    void escapesEverySpecialCharacter() {
        assertThat(HtmlTemplate.escape("<a href=\"x\">Tom & Jerry's</a>"))
                .isEqualTo("&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
    }

    @Test
    void keepsTemplateMarkupAndReplacementCharacters() {
        String html = HtmlTemplate.of("<b>{{a}}</b>{{b}}").render(Map.of("a", "$1 \\n", "b", "{{a}}"));

        assertThat(html).isEqualTo("<b>$1 \\n</b>{{a}}");
    }

    @Test
    void missingValueIsRejected() {
        assertThatThrownBy(() -> HtmlTemplate.of("{{name}}").render(Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
    }
}
