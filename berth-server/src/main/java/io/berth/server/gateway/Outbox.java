package io.berth.server.gateway;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * Sends text frames on one websocket, one at a time and in order, from a virtual thread, so that
 * callers (the committer among them) never block on the network and never send concurrently.
 */
final class Outbox {
    private static final String CLOSE = new String("close");
    private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
    private final Session session;

    Outbox(Session session, String name) {
        this.session = session;
        Thread.ofVirtual().name(name).start(this::drain);
    }

    void send(String text) {
        queue.add(text);
    }

    /** Sends what is queued, then closes the socket with {@code reason}. */
    void closeAfterSending(String reason) {
        queue.add(CLOSE);
        queue.add(reason);
    }

    void stop() {
        queue.clear();
        queue.add(CLOSE);
        queue.add("");
    }

    private void drain() {
        try {
            while (true) {
                String text = queue.take();
                if (text == CLOSE) {
                    String reason = queue.poll(1, TimeUnit.SECONDS);
                    if (session.isOpen() && reason != null && !reason.isEmpty()) session.close(1000, reason, Callback.NOOP);
                    return;
                }
                if (!session.isOpen()) return;
                Callback.Completable done = new Callback.Completable();
                session.sendText(text, done);
                done.get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            session.disconnect();
        }
    }
}
