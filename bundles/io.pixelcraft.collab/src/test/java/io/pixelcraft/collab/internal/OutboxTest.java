package io.pixelcraft.collab.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The bounded outbound queue: one write at a time, presence dropped first, then a close. */
class OutboxTest {

    @Test
    void writesOneAtATimeInOrder() {
        NoopSession fake = NoopSession.recording();
        fake.completeWrites = false;
        Outbox outbox = new Outbox(fake.session, 10, "s1");

        outbox.send("a");
        outbox.send("b");
        outbox.send("c");

        assertThat(fake.sent).containsExactly("a");
        fake.pendingWrites.remove(0).succeed();
        assertThat(fake.sent).containsExactly("a", "b");
        fake.pendingWrites.remove(0).succeed();
        assertThat(fake.sent).containsExactly("a", "b", "c");
    }

    @Test
    void inlineCompletionsDrainWholeQueue() {
        NoopSession fake = NoopSession.recording();
        Outbox outbox = new Outbox(fake.session, 100_000, "s1");

        for (int i = 0; i < 50_000; i++) {
            outbox.send("m" + i);
        }

        assertThat(fake.sent).hasSize(50_000);
        assertThat(outbox.depth()).isZero();
    }

    @Test
    void fullQueueDropsPresenceFirst() {
        NoopSession fake = NoopSession.recording();
        fake.completeWrites = false;
        Outbox outbox = new Outbox(fake.session, 3, "s1");
        outbox.send("op1");
        outbox.sendPresence("cursor1");
        outbox.sendPresence("cursor2");
        outbox.send("op2");

        outbox.send("op3");

        assertThat(outbox.depth()).isEqualTo(2);
        assertThat(outbox.droppedPresence()).isEqualTo(2);
        assertThat(fake.open).isTrue();
    }

    @Test
    void fullQueueWithoutPresenceCloses4413() {
        NoopSession fake = NoopSession.recording();
        fake.completeWrites = false;
        Outbox outbox = new Outbox(fake.session, 2, "s1");
        outbox.send("op1");
        outbox.send("op2");
        outbox.send("op3");

        outbox.send("op4");
        fake.pendingWrites.remove(0).succeed();

        assertThat(fake.closeCode).isEqualTo(CloseCodes.SLOW_CONSUMER);
        assertThat(fake.sent).containsExactly("op1");
    }

    @Test
    void closeWritesQueuedMessagesFirst() {
        NoopSession fake = NoopSession.recording();
        fake.completeWrites = false;
        Outbox outbox = new Outbox(fake.session, 10, "s1");
        outbox.send("ack1");
        outbox.send("ack2");

        outbox.close(CloseCodes.RESTARTING, "restarting");
        outbox.send("ignored");

        assertThat(fake.closeCode).isZero();
        fake.pendingWrites.remove(0).succeed();
        fake.pendingWrites.remove(0).succeed();
        assertThat(fake.sent).containsExactly("ack1", "ack2");
        assertThat(fake.closeCode).isEqualTo(CloseCodes.RESTARTING);
    }
}
