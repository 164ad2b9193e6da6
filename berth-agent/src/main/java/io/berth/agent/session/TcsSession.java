package io.berth.agent.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.agent.engine.TaskRecord;
import io.berth.wire.sigv4.SigV4Signer;
import io.berth.wire.tcs.PublishHealthRequest;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A minimal TCS (telemetry) session: {@code GET <telemetryEndpoint>/ws?agentHash&agentVersion&cluster
 * &containerInstance&dockerVersion}. Every metrics interval it sends {@code PublishMetricsRequest}
 * (no task metrics yet), {@code PublishHealthRequest} with the health of every task that has health
 * checks, and, every other interval, {@code PublishInstanceStatusRequest}. {@link #publishHealth}
 * sends one task's health at once when it changed, as the ECS agent does. Each frame
 * starts with signed header lines and a blank line, then the JSON, as the ECS agent writes them.
 * Frames from the server are ignored; a silent server disturbs nothing.
 */
public final class TcsSession implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TcsSession.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ReconnectingSocket socket;
    private final SigV4Signer signer;
    private final SessionParams params;
    private final BooleanSupplier idle;
    private final Supplier<List<TaskRecord>> tasks;
    private volatile ReconnectingSocket.Sender sender;
    private volatile URI current;
    private Thread publisher;
    private final long startedAt = System.currentTimeMillis();

    /** @param idle whether the instance runs no task (the metrics' {@code idle} flag) */
    public TcsSession(WebSocketClient client, SigV4Signer signer, SessionParams params, Callable<String> telemetryEndpoint,
            BooleanSupplier idle) {
        this(client, signer, params, telemetryEndpoint, idle, List::of);
    }

    /** @param tasks the agent's tasks now, for the periodic health report */
    public TcsSession(WebSocketClient client, SigV4Signer signer, SessionParams params, Callable<String> telemetryEndpoint,
            BooleanSupplier idle, Supplier<List<TaskRecord>> tasks) {
        this.signer = signer;
        this.params = params;
        this.idle = idle;
        this.tasks = tasks;
        ReconnectingSocket.Handler handler = new ReconnectingSocket.Handler() {
            @Override
            public URI target() throws Exception {
                current = url(telemetryEndpoint.call(), params);
                return current;
            }

            @Override
            public void opened(ReconnectingSocket.Sender send) {
                sender = send;
            }

            @Override
            public void text(String frame, ReconnectingSocket.Sender send) {
                log.debug("TCS frame ignored: {}", frame);
            }
        };
        // TCS servers need not send anything, so "nothing heard" is no reason to drop the connection.
        this.socket = new ReconnectingSocket("tcs", client, signer, handler, java.time.Duration.ofDays(3650),
                params.maxConnectionAge(), params.reconnectMin(), params.reconnectMax());
    }

    static URI url(String endpoint, SessionParams p) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("agentHash", p.agentHash());
        q.put("agentVersion", p.agentVersion());
        q.put("cluster", p.cluster());
        q.put("containerInstance", p.containerInstanceArn());
        q.put("dockerVersion", p.dockerVersion());
        return ReconnectingSocket.wsUri(endpoint, AcsSession.encode(q));
    }

    public void start() {
        socket.start();
        publisher = Thread.ofVirtual().name("tcs-publisher").start(this::publishLoop);
    }

    private void publishLoop() {
        long tick = 0;
        while (true) {
            try {
                Thread.sleep(params.metricsInterval());
            } catch (InterruptedException e) {
                return;
            }
            tick++;
            try {
                send("PublishMetricsRequest", metrics());
                publishHealth(tasks.get());
                if (tick % 2 == 0) send("PublishInstanceStatusRequest", instanceStatus());
            } catch (RuntimeException e) {
                log.debug("TCS publish failed", e);
            }
        }
    }

    ObjectNode metrics() {
        ObjectNode m = MAPPER.createObjectNode();
        m.putObject("metadata").put("cluster", params.cluster()).put("containerInstance", params.containerInstanceArn())
                .put("fin", true).put("idle", idle.getAsBoolean()).put("messageId", UUID.randomUUID().toString());
        m.putArray("taskMetrics");
        m.put("timestamp", seconds(System.currentTimeMillis()));
        return m;
    }

    /**
     * Sends the health of this task's containers now, if it has any with a health check. Any thread;
     * does not block (a frame is dropped while disconnected: the periodic report repeats it).
     */
    public void publishHealth(TaskRecord task) {
        publishHealth(List.of(task));
    }

    private void publishHealth(List<TaskRecord> list) {
        HealthReports.request(params.cluster(), params.containerInstanceArn(), list, System.currentTimeMillis())
                .ifPresent(r -> send(PublishHealthRequest.TYPE, MAPPER.valueToTree(r)));
    }

    ObjectNode instanceStatus() {
        ObjectNode m = MAPPER.createObjectNode();
        m.putObject("metadata").put("cluster", params.cluster()).put("containerInstance", params.containerInstanceArn())
                .put("requestId", UUID.randomUUID().toString());
        m.putArray("statuses").addObject().put("lastStatusChange", seconds(startedAt))
                .put("lastUpdated", seconds(System.currentTimeMillis())).put("status", "OK").put("type", "ContainerRuntime");
        m.put("timestamp", seconds(System.currentTimeMillis()));
        return m;
    }

    /** Header lines signed over the JSON body, a blank line, then the frame's JSON. */
    String frame(String type, ObjectNode message) {
        ObjectNode body = MAPPER.createObjectNode().put("type", type);
        body.set("message", message);
        String json = body.toString();
        URI uri = current;
        String host = uri == null ? "localhost" : ReconnectingSocket.hostHeader(uri);
        Map<String, String> auth = signer.sign("POST", "/", "", Map.of("host", host), SigV4Signer.sha256Hex(json), Instant.now());
        return "Authorization: " + auth.get("Authorization") + "\r\nHost: " + host + "\r\nX-Amz-Date: "
                + auth.get("X-Amz-Date") + "\r\n\r\n" + json;
    }

    private void send(String type, ObjectNode message) {
        ReconnectingSocket.Sender s = sender;
        if (s != null && socket.connected()) s.send(frame(type, message));
    }

    private static BigDecimal seconds(long millis) {
        return BigDecimal.valueOf(millis, 3);
    }

    @Override
    public void close() {
        if (publisher != null) publisher.interrupt();
        socket.close();
    }
}
