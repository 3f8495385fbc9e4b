package io.pixelcraft.projects.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ListedNamesTest {

    @Test
    void cfgCommaListIsSplit() {
        assertThat(ProjectsComponent.listedNames(new String[] {"versions,share,imaging"}))
                .containsExactly("versions", "share", "imaging");
    }

    @Test
    void spacesAndEmptyItemsDropped() {
        assertThat(ProjectsComponent.listedNames(new String[] {" versions , ,share", ""}))
                .containsExactly("versions", "share");
    }

    @Test
    void arrayElementsKept() {
        assertThat(ProjectsComponent.listedNames(new String[] {"versions", "share"}))
                .containsExactly("versions", "share");
    }
}
