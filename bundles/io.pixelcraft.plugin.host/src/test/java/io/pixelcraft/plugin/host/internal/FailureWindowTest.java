package io.pixelcraft.plugin.host.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FailureWindowTest {

    private static final Instant START = Instant.parse("2026-12-05T00:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(10);

    private final FailureWindow window = new FailureWindow();

    private boolean add(int minute, String user) {
        FailureWindow.Failure failure = new FailureWindow.Failure(START.plus(Duration.ofMinutes(minute)),
                new Caller(user, "p1", "r" + minute), "failed");
        return window.add(failure, WINDOW, 3, 2);
    }

    @Test
    void oneCallerNeverTrips() {
        for (int minute = 0; minute < 20; minute++) {
            assertThat(add(minute, "u1")).as("failure at minute " + minute).isFalse();
        }
        assertThat(window.callerKeys()).containsExactly("user:u1");
    }

    @Test
    void secondCallerTrips() {
        assertThat(add(0, "u1")).isFalse();
        assertThat(add(1, "u1")).isFalse();
        assertThat(add(2, "u2")).isTrue();
    }

    @Test
    void oldFailuresLeaveWindow() {
        add(0, "u1");
        add(1, "u2");

        boolean tripped = add(12, "u3");

        assertThat(tripped).as("the failures of minutes 0 and 1 are older than 10 minutes").isFalse();
        assertThat(window.size()).isEqualTo(1);
    }

    @Test
    void callsWithoutUserCountAsOneCaller() {
        window.add(new FailureWindow.Failure(START, Caller.NONE, "failed"), WINDOW, 3, 2);
        window.add(new FailureWindow.Failure(START, Caller.NONE, "failed"), WINDOW, 3, 2);
        boolean tripped = window.add(new FailureWindow.Failure(START, new Caller(null, "p9", null), "failed"), WINDOW, 3, 2);

        assertThat(tripped).as("a project without a user is a caller of its own").isTrue();
        assertThat(window.callerKeys()).containsExactlyInAnyOrder("platform", "project:p9");
    }

    @Test
    void keptFailuresBounded() {
        for (int i = 0; i < FailureWindow.MAX_KEPT + 50; i++) {
            window.add(new FailureWindow.Failure(START, new Caller("u1", null, null), "failed"), WINDOW, 3, 2);
        }

        assertThat(window.size()).isEqualTo(FailureWindow.MAX_KEPT);
    }
}
