package io.pixelcraft.collab.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ListedSettingTest {

    @Test
    void cfgCommaListIsSplit() {
        assertThat(CollabSettings.listed(new String[] {"https://a.example, https://b.example"}))
                .containsExactly("https://a.example", "https://b.example");
    }

    @Test
    void emptySettingGivesNoOrigins() {
        assertThat(CollabSettings.listed(new String[] {""})).isEmpty();
        assertThat(CollabSettings.listed(new String[0])).isEmpty();
    }
}
