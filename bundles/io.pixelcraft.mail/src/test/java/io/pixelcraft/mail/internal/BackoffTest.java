package io.pixelcraft.mail.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(10), Duration.ofSeconds(900));

    @Test
    void doublesFromInitialDelay() {
        assertThat(backoff.delayAfter(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(backoff.delayAfter(2)).isEqualTo(Duration.ofSeconds(20));
        assertThat(backoff.delayAfter(4)).isEqualTo(Duration.ofSeconds(80));
    }

    @Test
    void stopsAtMaximumDelay() {
        assertThat(backoff.delayAfter(7)).isEqualTo(Duration.ofSeconds(640));
        assertThat(backoff.delayAfter(8)).isEqualTo(Duration.ofSeconds(900));
        assertThat(backoff.delayAfter(10_000)).isEqualTo(Duration.ofSeconds(900));
    }
}
