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
final class ReconnectingSocket implements AutoCloseable {
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
        Connection conn = new Connection(name, handler, idleTimeout, maxAge, () -> closed);
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
}
