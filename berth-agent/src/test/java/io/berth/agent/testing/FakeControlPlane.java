package io.berth.agent.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.wire.sigv4.SigV4Signer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * A test double of Berth's control plane on 127.0.0.1: answers the JSON 1.1 calls the agent makes,
 * serves ACS at {@code /ws} and TCS at {@code /tcs/ws}, checks every SigV4 signature, and records
 * everything it got.
 */
public final class FakeControlPlane implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    public record ApiCall(String operation, JsonNode body, boolean signatureValid) {}

    public record Upgrade(String path, String query, boolean signatureValid) {}

    public final List<ApiCall> calls = new CopyOnWriteArrayList<>();
    public final List<Upgrade> upgrades = new CopyOnWriteArrayList<>();
    public final List<JsonNode> acsReceived = new CopyOnWriteArrayList<>();
    public final List<String> tcsReceived = new CopyOnWriteArrayList<>();
    /** Submit* calls to answer with HTTP 500 before accepting again. */
    public final AtomicInteger failSubmits = new AtomicInteger();
    public volatile boolean clusterExists = true;
    public volatile String instanceArn = "arn:aws:ecs:us-east-1:000000000000:container-instance/default/"
            + UUID.randomUUID().toString().replace("-", "");

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final String accessKey;
    private final String secretKey;
    private volatile Session acs;

    public FakeControlPlane() {
        this("berth", "berth");
    }

    public FakeControlPlane(String accessKey, String secretKey) {
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        WebSocketUpgradeHandler ws = WebSocketUpgradeHandler.from(server, container -> {
            container.addMapping("/ws", (req, resp, cb) -> {
                upgrades.add(new Upgrade("/ws", req.getHttpURI().getQuery(), verify(req, "GET", SigV4Signer.EMPTY_PAYLOAD_SHA256)));
                return new AcsEndpoint(this);
            });
            container.addMapping("/tcs/ws", (req, resp, cb) -> {
                upgrades.add(new Upgrade("/tcs/ws", req.getHttpURI().getQuery(), verify(req, "GET", SigV4Signer.EMPTY_PAYLOAD_SHA256)));
                return new TcsEndpoint(this);
            });
        });
        ws.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String body = Content.Source.asString(request, StandardCharsets.UTF_8);
                String target = request.getHeaders().get("X-Amz-Target");
                String op = target == null ? "" : target.substring(target.indexOf('.') + 1);
                boolean valid = verify(request, "POST", SigV4Signer.sha256Hex(body));
                JsonNode json = MAPPER.readTree(body.isEmpty() ? "{}" : body);
                calls.add(new ApiCall(op, json, valid));
                Answer a = answer(op, json);
                response.setStatus(a.status);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/x-amz-json-1.1");
                Content.Sink.write(response, true, a.body.toString(), callback);
                return true;
            }
        });
        server.setHandler(ws);
    }

    private record Answer(int status, JsonNode body) {}

    private Answer answer(String op, JsonNode body) {
        switch (op) {
            case "RegisterContainerInstance" -> {
                if (!clusterExists) return error(400, "ClusterNotFoundException", "Cluster not found.");
                ObjectNode ci = MAPPER.createObjectNode();
                ci.put("containerInstanceArn", body.hasNonNull("containerInstanceArn") ? body.get("containerInstanceArn").asText() : instanceArn);
                ci.set("attributes", body.get("attributes"));
                ObjectNode r = MAPPER.createObjectNode();
                r.set("containerInstance", ci);
                return new Answer(200, r);
            }
            case "CreateCluster" -> {
                clusterExists = true;
                ObjectNode r = MAPPER.createObjectNode();
                r.putObject("cluster").put("clusterName", body.path("clusterName").asText()).put("status", "ACTIVE");
                return new Answer(200, r);
            }
            case "DiscoverPollEndpoint" -> {
                return new Answer(200, MAPPER.createObjectNode().put("endpoint", url())
                        .put("telemetryEndpoint", url() + "tcs"));
            }
            case "SubmitTaskStateChange", "SubmitContainerStateChange" -> {
                if (failSubmits.getAndUpdate(n -> Math.max(0, n - 1)) > 0) return error(500, "ServerException", "try again");
                return new Answer(200, MAPPER.createObjectNode().put("acknowledgment", "true"));
            }
            default -> {
                return error(400, "InvalidAction", "unknown operation " + op);
            }
        }
    }

    private static Answer error(int status, String type, String message) {
        return new Answer(status, MAPPER.createObjectNode().put("__type", type).put("message", message));
    }

    /** Recomputes the signature from what arrived; true when it matches the Authorization header. */
    private boolean verify(Request req, String method, String payloadHash) {
        String auth = req.getHeaders().get("Authorization");
        String date = req.getHeaders().get("X-Amz-Date");
        if (auth == null || date == null) return false;
        int sh = auth.indexOf("SignedHeaders=");
        String signedList = auth.substring(sh + 14, auth.indexOf(',', sh));
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h : signedList.split(";")) {
            if (!h.equals("x-amz-date")) headers.put(h, req.getHeaders().get(h));
        }
        int slash = auth.indexOf('/');
        String[] scope = auth.substring(slash + 1, auth.indexOf(',')).split("/");
        SigV4Signer signer = new SigV4Signer(accessKey, secretKey, scope[1], scope[2]);
        String query = req.getHttpURI().getQuery();
        Map<String, String> expected = signer.sign(method, req.getHttpURI().getPath(), query == null ? "" : query, headers,
                payloadHash, AMZ_DATE.parse(date, java.time.Instant::from));
        return auth.equals(expected.get("Authorization"));
    }

    public FakeControlPlane start() throws Exception {
        server.start();
        return this;
    }

    public String url() {
        return "http://127.0.0.1:" + connector.getLocalPort() + "/";
    }

    public URI uri() {
        return URI.create(url());
    }

    public List<ApiCall> calls(String op) {
        return calls.stream().filter(c -> c.operation.equals(op)).toList();
    }

    public List<Upgrade> acsUpgrades() {
        return upgrades.stream().filter(u -> u.path.equals("/ws")).toList();
    }

    public List<Upgrade> tcsUpgrades() {
        return upgrades.stream().filter(u -> u.path.equals("/tcs/ws")).toList();
    }

    /** Sends a frame to the agent on the current ACS connection. */
    public void sendAcs(String frame) {
        Session s = Await.value("an ACS connection", Duration.ofSeconds(10), () -> acs != null && acs.isOpen() ? acs : null);
        s.sendText(frame, org.eclipse.jetty.websocket.api.Callback.NOOP);
    }

    public void dropAcs() {
        Session s = acs;
        if (s != null) s.close(1001, "going away", org.eclipse.jetty.websocket.api.Callback.NOOP);
    }

    /** The message of the first frame of this type that matches. */
    public JsonNode awaitAcs(String type, Predicate<JsonNode> message) {
        return Await.value("ACS " + type, Duration.ofSeconds(15), () -> acsReceived.stream()
                .filter(f -> f.path("type").asText().equals(type) && message.test(f.path("message")))
                .map(f -> f.path("message")).findFirst().orElse(null));
    }

    public JsonNode awaitCall(String op, Predicate<JsonNode> body) {
        return Await.value(op, Duration.ofSeconds(30), () -> calls.stream()
                .filter(c -> c.operation.equals(op) && body.test(c.body)).map(ApiCall::body).findFirst().orElse(null));
    }

    public static String payload(String messageId, long seqNum, JsonNode... tasks) {
        ObjectNode frame = MAPPER.createObjectNode().put("type", "PayloadMessage");
        ObjectNode m = frame.putObject("message").put("messageId", messageId)
                .put("clusterArn", "arn:aws:ecs:us-east-1:000000000000:cluster/default")
                .put("generatedAt", System.currentTimeMillis()).put("seqNum", seqNum);
        ArrayNode list = m.putArray("tasks");
        for (JsonNode t : tasks) list.add(t);
        return frame.toString();
    }

    public static JsonNode json(Object o) {
        return MAPPER.valueToTree(o);
    }

    /** Public because Jetty calls listener methods reflectively. */
    public static final class AcsEndpoint implements Session.Listener.AutoDemanding {
        private final FakeControlPlane plane;

        AcsEndpoint(FakeControlPlane plane) {
            this.plane = plane;
        }

        @Override
        public void onWebSocketOpen(Session session) {
            plane.acs = session;
        }

        @Override
        public void onWebSocketText(String text) {
            try {
                plane.acsReceived.add(MAPPER.readTree(text));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public static final class TcsEndpoint implements Session.Listener.AutoDemanding {
        private final FakeControlPlane plane;

        TcsEndpoint(FakeControlPlane plane) {
            this.plane = plane;
        }

        @Override
        public void onWebSocketText(String text) {
            plane.tcsReceived.add(text);
        }
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
