package io.berth.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.wire.Json;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * Stands in for agents at the wire level, with the official agent's requests (from the captured
 * session in shared/reference): registers instances over HTTP and opens their ACS websockets. Tests
 * of the control plane use it; the real agent is tested end to end elsewhere.
 */
public final class FakeAgents {
    private static final String TARGET = "AmazonEC2ContainerServiceV20141113.";
    private final String url;
    private final WebSocketClient ws;
    private final HttpClient http = HttpClient.newHttpClient();

    public FakeAgents(String url, WebSocketClient ws) {
        this.url = url;
        this.ws = ws;
    }

    /** One JSON 1.1 call that must succeed; returns the reply. */
    public JsonNode call(String op, Object body) throws Exception {
        String text = body instanceof String s ? s : Json.MAPPER.writeValueAsString(body);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/"))
                .header("X-Amz-Target", TARGET + op).header("Content-Type", "application/x-amz-json-1.1")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=test/20261124/us-east-1/ecs/aws4_request, SignedHeaders=host;x-amz-date, Signature=00")
                .POST(HttpRequest.BodyPublishers.ofString(text)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("%s -> %s", op, r.body()).isEqualTo(200);
        return Json.MAPPER.readTree(r.body());
    }

    static String resource(String name) throws Exception {
        try (InputStream in = FakeAgents.class.getResourceAsStream("/reference/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Registers the captured agent's instance in cluster "default" and checks every attribute is echoed. */
    public String registerCaptured() throws Exception {
        JsonNode sent = Json.MAPPER.readTree(resource("register-container-instance-example.json"));
        JsonNode reply = call("RegisterContainerInstance", sent).path("containerInstance");
        for (JsonNode a : sent.path("attributes")) {
            boolean found = false;
            for (JsonNode b : reply.path("attributes")) found |= b.path("name").equals(a.path("name")) && b.path("value").equals(a.path("value"));
            assertThat(found).as("attribute %s echoed", a).isTrue();
        }
        assertThat(reply.path("registeredResources").toString()).contains("24105");
        return reply.path("containerInstanceArn").asText();
    }

    /** Registers an instance with the given resources and attributes; returns its ARN. */
    public String register(String cluster, int cpu, int memory, Map<String, String> attributes) throws Exception {
        ObjectNode req = Json.object().put("cluster", cluster);
        ArrayNode res = req.putArray("totalResources");
        res.addObject().put("name", "CPU").put("type", "INTEGER").put("integerValue", cpu);
        res.addObject().put("name", "MEMORY").put("type", "INTEGER").put("integerValue", memory);
        res.addObject().put("name", "PORTS").put("type", "STRINGSET").putArray("stringSetValue").add("22");
        ArrayNode attrs = req.putArray("attributes");
        attributes.forEach((k, v) -> attrs.addObject().put("name", k).put("value", v));
        return call("RegisterContainerInstance", req).path("containerInstance").path("containerInstanceArn").asText();
    }

    /** Opens the instance's ACS websocket as the agent does and waits for the first manifest. */
    public Peer connectAcs(String instanceArn) throws Exception {
        JsonNode poll = call("DiscoverPollEndpoint", Json.object().put("cluster", "default").put("containerInstance", instanceArn).put("zoneId", ""));
        String endpoint = poll.path("endpoint").asText();
        assertThat(poll.path("telemetryEndpoint").asText()).startsWith("http://127.0.0.1:");
        String query = "agentHash=a8b3e7d3&agentVersion=1.105.1&clusterArn=default&containerInstanceArn="
                + URLEncoder.encode(instanceArn, StandardCharsets.UTF_8)
                + "&dockerVersion=DockerVersion%3A+20.10.24%2Bdfsg1&protocolVersion=2&sendCredentials=true&seqNum=1";
        URI uri = URI.create(endpoint.replace("http://", "ws://") + "/ws?" + query);
        ClientUpgradeRequest up = new ClientUpgradeRequest(uri);
        up.setHeader("Authorization", "AWS4-HMAC-SHA256 Credential=test/20261124/us-east-1/ecs/aws4_request, SignedHeaders=host;x-amz-date, Signature=5b");
        up.setHeader("X-Amz-Date", "20261124T034702Z");
        Peer peer = new Peer();
        ws.connect(peer, uri, up).get(10, TimeUnit.SECONDS);
        return peer;
    }

    /** Opens a plain websocket to {@code uri} (e.g. TCS) with {@code peer} as its endpoint. */
    public void connect(Peer peer, URI uri) throws Exception {
        ws.connect(peer, uri).get(10, TimeUnit.SECONDS);
    }

    /** A websocket peer that queues every text frame it receives. */
    public static final class Peer implements Session.Listener.AutoDemanding {
        final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        volatile Session session;

        @Override
        public void onWebSocketOpen(Session s) {
            session = s;
        }

        @Override
        public void onWebSocketText(String text) {
            frames.add(text);
        }

        public void send(String text) {
            session.sendText(text, Callback.NOOP);
        }

        /** The next frame matching {@code p}, skipping others (heartbeats); fails after 10 s. */
        public JsonNode next(Predicate<JsonNode> p) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                String f = frames.poll(100, TimeUnit.MILLISECONDS);
                if (f == null) continue;
                JsonNode n = Json.MAPPER.readTree(f);
                if (p.test(n)) return n;
            }
            throw new AssertionError("no matching frame within 10 s");
        }

        public JsonNode next(String type) throws Exception {
            return next(n -> type.equals(n.path("type").asText()));
        }
    }
}
