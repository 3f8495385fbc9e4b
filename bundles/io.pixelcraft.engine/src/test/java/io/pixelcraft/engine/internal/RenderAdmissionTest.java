package io.pixelcraft.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RenderAdmissionTest {

    private static final long MIB = 1 << 20;

    @Test
    void admitsWhileSumFits() {
        RenderAdmission admission = new RenderAdmission(10 * MIB, 0);

        try (RenderAdmission.Ticket first = admission.admit(4 * MIB, "first");
                RenderAdmission.Ticket second = admission.admit(6 * MIB, "second")) {
            assertThat(admission.admittedBytes()).isEqualTo(10 * MIB);
        }

        assertThat(admission.admittedBytes()).isZero();
    }

    @Test
    void rejectsWhenBudgetStaysFull() {
        RenderAdmission admission = new RenderAdmission(10 * MIB, 50);

        try (RenderAdmission.Ticket running = admission.admit(8 * MIB, "held")) {
            long started = System.nanoTime();

            assertThatThrownBy(() -> admission.admit(4 * MIB, "8000 × 8000 pixels"))
                    .isInstanceOf(RejectedExecutionException.class)
                    .hasMessageContaining("8000 × 8000 pixels")
                    .hasMessageContaining("about 4 MB")
                    .hasMessageContaining("budget of 10 MB")
                    .hasMessageContaining("50 ms");
            assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
        }
        assertThat(admission.admittedBytes()).isZero();
    }

    @Test
    void waitingRenderStartsOnRelease() throws Exception {
        RenderAdmission admission = new RenderAdmission(10 * MIB, 10_000);
        RenderAdmission.Ticket running = admission.admit(8 * MIB, "held");

        CompletableFuture<Long> waiting = CompletableFuture.supplyAsync(() -> {
            try (RenderAdmission.Ticket ticket = admission.admit(4 * MIB, "waiting")) {
                return admission.admittedBytes();
            }
        });
        Thread.sleep(100);
        assertThat(waiting).isNotDone();
        running.close();

        assertThat(waiting.get(5, TimeUnit.SECONDS)).isEqualTo(4 * MIB);
        assertThat(admission.admittedBytes()).isZero();
    }

    @Test
    void rejectsRenderLargerThanBudget() {
        RenderAdmission admission = new RenderAdmission(10 * MIB, 10_000);

        assertThatThrownBy(() -> admission.admit(11 * MIB, "huge"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Rendering huge needs about 11 MB of memory, above the render memory budget of 10 MB");
        assertThat(admission.admittedBytes()).isZero();
    }

    @Test
    void releasesOnFailureOnlyOnce() {
        RenderAdmission admission = new RenderAdmission(10 * MIB, 0);
        RenderAdmission.Ticket failed = admission.admit(6 * MIB, "failed");

        assertThatThrownBy(() -> {
            try (RenderAdmission.Ticket ticket = failed) {
                throw new IllegalStateException("render failed");
            }
        }).isInstanceOf(IllegalStateException.class);
        failed.close();

        assertThat(admission.admittedBytes()).isZero();
        try (RenderAdmission.Ticket whole = admission.admit(10 * MIB, "whole budget")) {
            assertThat(admission.admittedBytes()).isEqualTo(10 * MIB);
        }
    }

    @Test
    void interruptedWaitIsRejected() {
        RenderAdmission admission = new RenderAdmission(10 * MIB, 10_000);

        try (RenderAdmission.Ticket running = admission.admit(10 * MIB, "held")) {
            Thread.currentThread().interrupt();

            assertThatThrownBy(() -> admission.admit(MIB, "interrupted"))
                    .isInstanceOf(RejectedExecutionException.class)
                    .hasMessageContaining("interrupted");
            assertThat(Thread.interrupted()).isTrue();
        }
    }

    @Test
    void invalidSettingsAreRejected() {
        assertThatThrownBy(() -> new RenderAdmission(100, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RenderAdmission(MIB, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
