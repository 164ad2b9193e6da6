package io.berth.server.gateway;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * Sends text frames on one websocket, one at a time and in order, from a virtual thread, so that
 * callers (the committer among them) never block on the network and never send concurrently. A
 * frame may be queued unencoded ({@link #send(Supplier)}): it is then built on the outbox's thread,
 * in queue order, which keeps JSON encoding off the committer thread.
 */
final class Outbox {
    private static final Supplier<String> CLOSE = () -> "close";
    private final BlockingQueue<Supplier<String>> queue = new LinkedBlockingQueue<>();
    private final Session session;

    Outbox(Session session, String name) {
        this.session = session;
        Thread.ofVirtual().name(name).start(this::drain);
    }

    void send(String text) {
        queue.add(() -> text);
    }

    /** Queues a frame that {@code frame} builds when its turn comes; a null frame is skipped. */
    void send(Supplier<String> frame) {
        queue.add(frame);
    }

    /** Sends what is queued, then closes the socket with {@code reason}. */
    void closeAfterSending(String reason) {
        queue.add(CLOSE);
        queue.add(() -> reason);
    }

    void stop() {
        queue.clear();
        queue.add(CLOSE);
        queue.add(() -> "");
    }

    private void drain() {
        try {
            while (true) {
                Supplier<String> next = queue.take();
                if (next == CLOSE) {
                    Supplier<String> reason = queue.poll(1, TimeUnit.SECONDS);
                    String why = reason == null ? null : reason.get();
                    if (session.isOpen() && why != null && !why.isEmpty()) session.close(1000, why, Callback.NOOP);
                    return;
                }
                if (!session.isOpen()) return;
                String text = next.get();
                if (text == null) continue;
                Callback.Completable done = new Callback.Completable();
                session.sendText(text, done);
                done.get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            session.disconnect();
        }
    }
}
