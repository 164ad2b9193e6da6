package io.berth.agent.session;

import io.berth.wire.sigv4.SigV4Signer;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A websocket the agent keeps open: connects with a SigV4-signed upgrade (signed headers
 * {@code host;x-amz-date}, empty payload, as the ECS agent does), hands text frames to its
 * {@link Handler} one at a time on a virtual thread, and reconnects with jittered backoff after any
 * drop. A connection on which nothing arrives for {@code idleTimeout} is dropped; one older than
 * {@code maxAge} (plus jitter) is renewed, like the ECS agent's periodic reconnect.
 */
public final class ReconnectingSocket implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReconnectingSocket.class);

    interface Handler {
        /** The URL to connect to now (may call the API to discover it). */
        URI target() throws Exception;

        /** A connection is open; {@code send} writes on it. */
        default void opened(Sender send) {}

        /** One text frame; runs on the socket's frame thread, never concurrently. */
        void text(String frame, Sender send);

        /** True once no further connection should be made (e.g. the instance is inactive). */
        default boolean finished() {
            return false;
        }
    }

    /** Sends a text frame on the current connection; false when there is none. */
    interface Sender {
        boolean send(String text);

        void close(String reason);
    }

    private final String name;
    private final WebSocketClient client;
    private final SigV4Signer signer;
    private final Handler handler;
    private final Duration idleTimeout;
    private final Duration maxAge;
    private final Backoff backoff;
    private final CountDownLatch firstOpen = new CountDownLatch(1);
    private volatile boolean closed;
    private volatile Connection current;
    private Thread thread;

    ReconnectingSocket(String name, WebSocketClient client, SigV4Signer signer, Handler handler, Duration idleTimeout,
            Duration maxAge, Duration backoffMin, Duration backoffMax) {
        this.name = name;
        this.client = client;
        this.signer = signer;
        this.handler = handler;
        this.idleTimeout = idleTimeout;
        this.maxAge = maxAge;
        this.backoff = new Backoff(backoffMin, backoffMax);
    }

    void start() {
        thread = Thread.ofVirtual().name(name + "-session").start(this::loop);
    }

    boolean awaitFirstConnection(Duration timeout) throws InterruptedException {
        return firstOpen.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean connected() {
        Connection c = current;
        return c != null && c.session != null && c.session.isOpen();
    }

    private void loop() {
        while (!closed && !handler.finished()) {
            Connection conn = null;
            try {
                URI uri = handler.target();
                conn = connect(uri);
                current = conn;
                backoff.reset();
                firstOpen.countDown();
                log.info("{} connected to {}", name, uri.getHost() + ":" + uri.getPort() + uri.getPath());
                handler.opened(conn);
                conn.awaitEnd();
            } catch (InterruptedException e) {
                break;
            } catch (Exception e) {
                if (!closed) log.info("{} connection failed: {}", name, e.toString());
            } finally {
                if (conn != null) conn.close("reconnecting");
                current = null;
            }
            if (closed || handler.finished()) break;
            try {
                Thread.sleep(backoff.next());
            } catch (InterruptedException e) {
                break;
            }
        }
        log.info("{} session ended", name);
    }

    private Connection connect(URI uri) throws Exception {
        String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        Map<String, String> auth = signer.sign("GET", path, query, Map.of("host", hostHeader(uri)),
                SigV4Signer.EMPTY_PAYLOAD_SHA256, Instant.now());
        ClientUpgradeRequest req = new ClientUpgradeRequest(uri);
        auth.forEach(req::setHeader);
        Connection conn = new Connection();
        Session s = client.connect(conn, req).get(30, TimeUnit.SECONDS);
        conn.session = s;
        return conn;
    }

    static String hostHeader(URI uri) {
        int port = uri.getPort();
        boolean secure = "wss".equals(uri.getScheme()) || "https".equals(uri.getScheme());
        boolean isDefault = port == -1 || (!secure && port == 80) || (secure && port == 443);
        return isDefault ? uri.getHost() : uri.getHost() + ":" + port;
    }

    /** ws(s) URL for an endpoint as DiscoverPollEndpoint gives it: {@code <endpoint>/ws?<query>}. */
    static URI wsUri(String endpoint, String query) {
        String base = endpoint.endsWith("/") ? endpoint : endpoint + "/";
        if (base.startsWith("https://")) base = "wss://" + base.substring(8);
        else if (base.startsWith("http://")) base = "ws://" + base.substring(7);
        return URI.create(base + "ws?" + query);
    }

    @Override
    public void close() {
        closed = true;
        Connection c = current;
        if (c != null) c.close("agent closing");
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One websocket connection: its frames go, in order, through a single virtual thread. */
    public final class Connection implements Session.Listener.AutoDemanding, Sender {
        private final CountDownLatch ended = new CountDownLatch(1);
        private final ExecutorService frames = Executors.newSingleThreadExecutor(Thread.ofVirtual().name(name + "-frames").factory());
        private final long openedAt = System.nanoTime();
        private final long ageLimit = maxAge.toNanos() + ThreadLocalRandom.current().nextLong(Math.max(1, maxAge.toNanos() / 10));
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
            if (!closed) log.info("{} error: {}", name, cause.toString());
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
}
