package io.pixelcraft.api.project;

import java.util.Objects;

/**
 * A project's public facts, as a share page shows them.
 *
 * @param id        the project id
 * @param name      the project's name
 * @param thumbnail SHA-256 of the thumbnail image, or {@code null} when the project has none
 */
public record ProjectSummary(String id, String name, String thumbnail) {

    public ProjectSummary {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
    }
}
