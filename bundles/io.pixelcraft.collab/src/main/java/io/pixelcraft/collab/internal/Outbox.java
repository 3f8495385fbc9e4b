package io.pixelcraft.collab.internal;

import java.util.ArrayDeque;
import java.util.Iterator;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outgoing messages of one WebSocket session. Jetty 12 allows one outstanding write per
 * session (a second {@code sendText} before the first completes fails), so messages wait here and
 * each write starts the next from its callback.
 *
 * <p>The queue is bounded. When it is full, queued presence messages are dropped first (newer
 * presence supersedes them); when it is still full, the session is closed with
 * {@link CloseCodes#SLOW_CONSUMER}. All state is guarded by {@code this}; writes are started
 * outside the lock, and a callback that Jetty runs inline inside {@code sendText} only marks the
 * write done so that the loop in {@link #drain()} continues without recursion.
 */
final class Outbox {

    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

    private record Message(String text, boolean presence) {
    }

    private final Session session;
    private final int maxMessages;
    private final String label;
    private final ArrayDeque<Message> queue = new ArrayDeque<>();
    private boolean writing;
    private boolean draining;
    private boolean closed;
    private int closeCode;
    private String closeReason;
    private long dropped;

    Outbox(Session session, int maxMessages, String label) {
        this.session = session;
        this.maxMessages = maxMessages;
        this.label = label;
    }

    /** Queues a message that must arrive: ops, acks, errors, membership changes. */
    void send(String text) {
        offer(new Message(text, false));
    }

    /** Queues a presence message, which may be dropped when the connection falls behind. */
    void sendPresence(String text) {
        offer(new Message(text, true));
    }

    /**
     * Closes the session with a code after every message queued so far is written. Later
     * messages are ignored.
     */
    void close(int code, String reason) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            closeCode = code;
            closeReason = reason;
        }
        drain();
    }

    /** Closes the session at once, dropping the queue. */
    void abort(int code, String reason) {
        synchronized (this) {
            queue.clear();
            closed = true;
            closeCode = code;
            closeReason = reason;
        }
        drain();
    }

    synchronized int depth() {
        return queue.size();
    }

    synchronized long droppedPresence() {
        return dropped;
    }

    private void offer(Message message) {
        boolean overflow = false;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (queue.size() >= maxMessages) {
                dropPresence();
            }
            if (queue.size() >= maxMessages) {
                if (message.presence()) {
                    dropped++;
                    return;
                }
                overflow = true;
            } else {
                queue.add(message);
            }
        }
        if (overflow) {
            LOG.warn("Closing collaboration session {}: its outbound queue stayed full at {} messages", label, maxMessages);
            abort(CloseCodes.SLOW_CONSUMER, "Outbound queue full: the client did not read fast enough");
            return;
        }
        drain();
    }

    private void dropPresence() {
        Iterator<Message> iterator = queue.iterator();
        while (iterator.hasNext()) {
            if (iterator.next().presence()) {
                iterator.remove();
                dropped++;
            }
        }
    }

    /** Writes queued messages one at a time; only one thread runs the loop. */
    private void drain() {
        synchronized (this) {
            if (draining || writing) {
                return;
            }
            draining = true;
        }
        while (true) {
            Message next;
            int code = 0;
            String reason = null;
            synchronized (this) {
                next = queue.poll();
                if (next == null) {
                    draining = false;
                    if (closed && closeReason != null) {
                        code = closeCode;
                        reason = closeReason;
                        closeReason = null;
                    }
                }
                writing = next != null;
            }
            if (next == null) {
                // Outside the lock: closing runs the endpoint's close handler, which takes the room's lock.
                if (reason != null && session.isOpen()) {
                    session.close(code, reason, Callback.NOOP);
                }
                return;
            }
            try {
                session.sendText(next.text(), Callback.from(this::written, this::failed));
            } catch (RuntimeException e) {
                LOG.warn("sendText threw on collaboration session {}", label, e);
                failed(e);
                return;
            }
            synchronized (this) {
                if (writing) {
                    // The write has not completed yet: its callback continues the loop.
                    draining = false;
                    return;
                }
            }
        }
    }

    private void written() {
        synchronized (this) {
            writing = false;
            if (draining) {
                return;
            }
        }
        drain();
    }

    private void failed(Throwable failure) {
        synchronized (this) {
            writing = false;
            queue.clear();
            closed = true;
        }
        LOG.debug("Write to collaboration session {} failed: {}", label, failure.toString());
    }
}
