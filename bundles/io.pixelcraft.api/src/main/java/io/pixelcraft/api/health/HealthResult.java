package io.pixelcraft.api.health;

import java.util.Objects;

/**
 * The outcome of one health check.
 *
 * @param up     whether the checked part works
 * @param detail a short human-readable reason, never a secret
 */
public record HealthResult(boolean up, String detail) {

    public HealthResult {
        Objects.requireNonNull(detail, "detail");
    }

    public static HealthResult up(String detail) {
        return new HealthResult(true, detail);
    }

    public static HealthResult down(String detail) {
        return new HealthResult(false, detail);
    }
}
