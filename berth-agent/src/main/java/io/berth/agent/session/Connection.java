package io.berth.agent.session;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One websocket connection of a {@link ReconnectingSocket}: its frames go, in order, through a single
 * virtual thread. Public only because Jetty calls listener methods reflectively.
 */
public final class Connection implements Session.Listener.AutoDemanding, ReconnectingSocket.Sender {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    private final String name;
    private final ReconnectingSocket.Handler handler;
    private final Duration idleTimeout;
    private final java.util.function.BooleanSupplier closed;
    private final long ageLimit;

    Connection(String name, ReconnectingSocket.Handler handler, Duration idleTimeout, Duration maxAge,
            java.util.function.BooleanSupplier closed) {
        this.name = name;
        this.handler = handler;
        this.idleTimeout = idleTimeout;
        this.closed = closed;
        this.ageLimit = maxAge.toNanos() + ThreadLocalRandom.current().nextLong(Math.max(1, maxAge.toNanos() / 10));
        this.frames = Executors.newSingleThreadExecutor(Thread.ofVirtual().name(name + "-frames").factory());
    }

    private final CountDownLatch ended = new CountDownLatch(1);
    private final ExecutorService frames;
    private final long openedAt = System.nanoTime();
    private volatile long lastFrameAt = System.nanoTime();
    volatile Session session;

    @Override
    public void onWebSocketOpen(Session s) {
        session = s;
    }

    @Override
    public void onWebSocketText(String text) {
        lastFrameAt = System.nanoTime();
        frames.execute(() -> {
            try {
                handler.text(text, this);
            } catch (RuntimeException e) {
                log.error("{} frame handling failed", name, e);
            }
        });
    }

    @Override
    public void onWebSocketPing(java.nio.ByteBuffer payload) {
        lastFrameAt = System.nanoTime();
    }

    @Override
    public void onWebSocketClose(int status, String reason) {
        log.info("{} closed: {} {}", name, status, reason);
        ended.countDown();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        if (!closed.getAsBoolean()) log.info("{} error: {}", name, cause.toString());
        ended.countDown();
    }

    @Override
    public boolean send(String text) {
        Session s = session;
        if (s == null || !s.isOpen()) return false;
        s.sendText(text, Callback.NOOP);
        return true;
    }

    @Override
    public void close(String reason) {
        Session s = session;
        if (s != null && s.isOpen()) s.close(1000, reason, Callback.NOOP);
        ended.countDown();
        frames.shutdown();
    }

    /** Returns when the connection ended, went idle, or grew too old. */
    void awaitEnd() throws InterruptedException {
        while (true) {
            long now = System.nanoTime();
            long idleLeft = lastFrameAt + idleTimeout.toNanos() - now;
            long ageLeft = openedAt + ageLimit - now;
            if (idleLeft <= 0) {
                log.info("{}: nothing heard for {}; reconnecting", name, idleTimeout);
                return;
            }
            if (ageLeft <= 0) return;
            if (ended.await(Math.min(idleLeft, ageLeft), TimeUnit.NANOSECONDS)) {
                frames.shutdown();
                frames.awaitTermination(5, TimeUnit.SECONDS);
                return;
            }
        }
    }
}
