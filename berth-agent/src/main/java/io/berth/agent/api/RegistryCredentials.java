package io.berth.agent.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.agent.runtime.RegistryAuth;
import io.berth.wire.sigv4.SigV4Signer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the credentials a pull needs. Images in Berth's own registry (the control plane's
 * host:port) get an ECR token this agent asks for itself with GetAuthorizationToken, signed like
 * its other calls and cached until shortly before it expires. A container's
 * {@code registryAuthentication} of type {@code asm} (the task definition's repositoryCredentials)
 * is resolved with Secrets Manager GetSecretValue on the same endpoint: a JSON secret with
 * {@code username} and {@code password}. Everything else pulls anonymously. Thread-safe.
 */
public final class RegistryCredentials {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REFRESH_BEFORE = Duration.ofHours(1);

    private final URI endpoint;
    private final String registryHost;
    private final String accessKeyId;
    private final String secretAccessKey;
    private final String region;
    private final HttpClient http;
    private volatile RegistryAuth cached;
    private volatile Instant cachedUntil = Instant.MIN;

    public RegistryCredentials(URI endpoint, String accessKeyId, String secretAccessKey, String region) {
        this(endpoint, accessKeyId, secretAccessKey, region,
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).version(HttpClient.Version.HTTP_1_1).build());
    }

    /** Credentials fetched through a given (possibly shared) HTTP client. */
    public RegistryCredentials(URI endpoint, String accessKeyId, String secretAccessKey, String region, HttpClient http) {
        this.http = http;
        this.endpoint = endpoint.resolve("/");
        this.registryHost = EcsApiClient.hostHeader(endpoint);
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        this.region = region;
    }

    /** The registry host of an image reference ({@code docker.io} when it names none). */
    public static String registryOf(String image) {
        int slash = image.indexOf('/');
        if (slash < 0) return "docker.io";
        String first = image.substring(0, slash);
        return first.contains(".") || first.contains(":") || first.equals("localhost") ? first : "docker.io";
    }

    /** Credentials for pulling {@code image}, or empty to pull anonymously. */
    public Optional<RegistryAuth> forImage(String image, JsonNode registryAuthentication) throws EcsApiException, InterruptedException {
        String host = registryOf(image);
        if (registryAuthentication != null && "asm".equals(registryAuthentication.path("type").asText())) {
            String secretId = registryAuthentication.path("asmAuthData").path("credentialsParameter").asText();
            JsonNode secret = secret(secretId);
            return Optional.of(new RegistryAuth(secret.path("username").asText(), secret.path("password").asText(), host));
        }
        if (host.equals(registryHost)) return Optional.of(berthToken());
        return Optional.empty();
    }

    private RegistryAuth berthToken() throws EcsApiException, InterruptedException {
        RegistryAuth c = cached;
        if (c != null && Instant.now().isBefore(cachedUntil)) return c;
        JsonNode data = call("ecr", "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken", Map.of()).path("authorizationData").path(0);
        String decoded = new String(Base64.getDecoder().decode(data.path("authorizationToken").asText()), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        if (colon < 0) throw new EcsApiException("InvalidToken", "GetAuthorizationToken returned a token without user:password", 0, null);
        Instant expires = Instant.ofEpochMilli((long) (data.path("expiresAt").asDouble() * 1000));
        c = new RegistryAuth(decoded.substring(0, colon), decoded.substring(colon + 1), registryHost);
        cached = c;
        cachedUntil = expires.minus(REFRESH_BEFORE);
        return c;
    }

    private JsonNode secret(String secretId) throws EcsApiException, InterruptedException {
        JsonNode out = call("secretsmanager", "secretsmanager.GetSecretValue", Map.of("SecretId", secretId));
        try {
            return JSON.readTree(out.path("SecretString").asText("{}"));
        } catch (IOException e) {
            throw new EcsApiException("InvalidSecret", "secret " + secretId + " is not JSON with username and password", 0, e);
        }
    }

    private JsonNode call(String service, String target, Object body) throws EcsApiException, InterruptedException {
        byte[] payload;
        try {
            payload = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
        Map<String, String> signed = new LinkedHashMap<>();
        signed.put("host", registryHost);
        signed.put("content-type", EcsApiClient.CONTENT_TYPE);
        signed.put("x-amz-target", target);
        Map<String, String> auth = new SigV4Signer(accessKeyId, secretAccessKey, region, service)
                .sign("POST", "/", "", signed, SigV4Signer.sha256Hex(payload), Instant.now());
        HttpRequest.Builder req = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
                .header("Content-Type", EcsApiClient.CONTENT_TYPE).header("X-Amz-Target", target)
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload));
        auth.forEach(req::header);
        HttpResponse<String> resp;
        try {
            resp = http.send(req.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new EcsApiException("TransportError", target + " to " + endpoint + ": " + e, 0, e);
        }
        JsonNode json;
        try {
            json = JSON.readTree(resp.body().isBlank() ? "{}" : resp.body());
        } catch (IOException e) {
            json = JSON.createObjectNode();
        }
        if (resp.statusCode() / 100 != 2) {
            throw new EcsApiException(json.path("__type").asText("HttpError" + resp.statusCode()), json.path("message").asText(resp.body()),
                    resp.statusCode(), null);
        }
        return json;
    }
}
