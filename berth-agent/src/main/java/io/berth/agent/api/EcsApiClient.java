package io.berth.agent.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.wire.sigv4.SigV4Signer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * Calls the ECS API the way the ECS agent does: AWS JSON 1.1, {@code POST /}, target
 * {@code AmazonEC2ContainerServiceV20141113.<Op>}, SigV4 for service {@code ecs}. No retries here;
 * callers decide by {@link EcsApiException#retryable()}. Thread-safe; blocking, meant for virtual threads.
 */
public final class EcsApiClient {
    static final String TARGET_PREFIX = "AmazonEC2ContainerServiceV20141113.";
    static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final URI endpoint;
    private final SigV4Signer signer;
    private final HttpClient http;
    private final Duration timeout;
    private final Semaphore inFlight;

    public EcsApiClient(URI endpoint, SigV4Signer signer, Duration timeout) {
        this(endpoint, signer, timeout, HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build(),
                new Semaphore(Integer.MAX_VALUE));
    }

    /**
     * A client on a given (possibly shared) HTTP client; {@code timeout} bounds each call, and each
     * call holds one of {@code inFlight}'s permits while it is on the wire.
     */
    public EcsApiClient(URI endpoint, SigV4Signer signer, Duration timeout, HttpClient http, Semaphore inFlight) {
        this.endpoint = endpoint.resolve("/");
        this.signer = signer;
        this.timeout = timeout;
        this.http = http;
        this.inFlight = inFlight;
    }

    public JsonNode call(String operation, Object body) throws EcsApiException, InterruptedException {
        byte[] payload;
        try {
            payload = MAPPER.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot encode " + operation, e);
        }
        Map<String, String> signed = new LinkedHashMap<>();
        signed.put("host", hostHeader(endpoint));
        signed.put("content-type", CONTENT_TYPE);
        signed.put("x-amz-target", TARGET_PREFIX + operation);
        Map<String, String> auth = signer.sign("POST", "/", "", signed, SigV4Signer.sha256Hex(payload), Instant.now());

        HttpRequest.Builder req = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Content-Type", CONTENT_TYPE)
                .header("X-Amz-Target", TARGET_PREFIX + operation)
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload));
        auth.forEach(req::header);
        HttpResponse<String> resp;
        inFlight.acquire();
        try {
            resp = http.send(req.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new EcsApiException("TransportError", operation + " to " + endpoint + ": " + e, 0, e);
        } finally {
            inFlight.release();
        }
        JsonNode json = parse(resp.body());
        if (resp.statusCode() / 100 == 2) return json;
        String type = json.path("__type").asText(json.path("code").asText("HttpError" + resp.statusCode()));
        int hash = type.indexOf('#');
        if (hash >= 0) type = type.substring(hash + 1);
        String message = json.path("message").asText(json.path("Message").asText(resp.body()));
        throw new EcsApiException(type, message, resp.statusCode(), null);
    }

    /** The Host header as Java's client sends it: the port only when it is not the scheme's default. */
    static String hostHeader(URI uri) {
        int port = uri.getPort();
        boolean isDefault = port == -1 || ("http".equals(uri.getScheme()) && port == 80)
                || ("https".equals(uri.getScheme()) && port == 443);
        return isDefault ? uri.getHost() : uri.getHost() + ":" + port;
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) return MAPPER.createObjectNode();
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            return MAPPER.createObjectNode();
        }
    }
}
