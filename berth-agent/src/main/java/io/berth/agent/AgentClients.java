package io.berth.agent;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * The network clients an agent talks through: one Jetty {@link WebSocketClient} for its ACS and TCS
 * sessions and one {@link HttpClient} for the ECS API and registry credentials. A standalone agent
 * makes its own set; many agents in one JVM (hollow hosts) share one set, because each set costs a
 * Jetty selector and thread pool and a JDK selector thread, which thousands of agents cannot afford.
 * Both clients are thread-safe, and a connection belongs to the request or session that opened it,
 * so sharing changes nothing an agent sends or receives.
 *
 * <p>Work the clients hand to threads runs on virtual threads; only Jetty's selector and the JDK
 * client's selector are platform threads, one of each per set.
 *
 * <p>The JDK client opens one HTTP/1.1 connection per request in flight and keeps it for reuse,
 * with no cap. Thousands of agents reporting at once (each task's reports go out on a thread of
 * their own) would open a socket each and run the process out of file descriptors, so API calls
 * through a set take one of {@link #MAX_CALLS_IN_FLIGHT} permits first.
 */
public final class AgentClients implements AutoCloseable {
    private final WebSocketClient websockets;
    private final HttpClient http;
    private final ExecutorService virtualThreads;
    private final Semaphore callsInFlight = new Semaphore(MAX_CALLS_IN_FLIGHT);

    /** API calls one set sends at once; more wait for a permit. */
    public static final int MAX_CALLS_IN_FLIGHT = 1024;

    private AgentClients(WebSocketClient websockets, HttpClient http, ExecutorService virtualThreads) {
        this.websockets = websockets;
        this.http = http;
        this.virtualThreads = virtualThreads;
    }

    /** Starts a new set; the caller closes it after every agent using it has closed. */
    public static AgentClients start() {
        ExecutorService virtualThreads = Executors.newVirtualThreadPerTaskExecutor();
        QueuedThreadPool pool = new QueuedThreadPool(16, 1);
        pool.setName("agent-ws");
        pool.setDaemon(true);
        pool.setVirtualThreadsExecutor(virtualThreads);
        org.eclipse.jetty.client.HttpClient jettyHttp = new org.eclipse.jetty.client.HttpClient();
        jettyHttp.setExecutor(pool);
        // every websocket goes to the same control plane: the per-destination caps would queue upgrades
        jettyHttp.setMaxConnectionsPerDestination(1 << 16);
        jettyHttp.setMaxRequestsQueuedPerDestination(1 << 16);
        WebSocketClient ws = new WebSocketClient(jettyHttp);
        try {
            ws.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the websocket client", e);
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).version(HttpClient.Version.HTTP_1_1)
                .executor(virtualThreads).build();
        return new AgentClients(ws, http, virtualThreads);
    }

    public WebSocketClient websockets() {
        return websockets;
    }

    public HttpClient http() {
        return http;
    }

    /** Permits for API calls through {@link #http()}: take one for the length of a call. */
    public Semaphore callsInFlight() {
        return callsInFlight;
    }

    @Override
    public void close() {
        try {
            websockets.stop();
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(AgentClients.class).debug("stopping the websocket client", e);
        }
        http.shutdownNow();
        virtualThreads.shutdownNow();
    }
}
