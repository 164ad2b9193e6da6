package io.berth.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.registry.auth.Tokens;
import io.berth.wire.Json;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Docker's token flow over HTTP: Basic AWS:&lt;ECR token&gt; → bearer token → /v2/ with Bearer; refusals. */
class TokenEndpointTest {
    private static final String QUERY = "/token?service=ecr.amazonaws.com&scope=repository:team/app:pull,push";
    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-24T08:00:00Z"));
    private RegistryFixture fx;
    private String ecrToken;

    @BeforeEach
    void start() throws Exception {
        fx = new RegistryFixture(clock);
        ecrToken = fx.registry.tokens().issue().token();
    }

    @AfterEach
    void stop() throws Exception {
        fx.close();
    }

    private HttpResponse<byte[]> get(String path, String authorization) throws Exception {
        return fx.send("GET", path, null, "Authorization", authorization);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode json(HttpResponse<byte[]> r) throws Exception {
        return Json.MAPPER.readTree(r.body());
    }

    @Test
    void anEcrTokenIsTradedForABearerTokenThatTheRegistryAccepts() throws Exception {
        HttpResponse<byte[]> r = get(QUERY, "Basic " + Tokens.basic(ecrToken));
        assertThat(r.statusCode()).as(RegistryFixture.text(r)).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = json(r);
        String bearer = body.path("token").asText();
        assertThat(bearer).isNotBlank().isNotEqualTo(ecrToken);
        assertThat(body.path("access_token").asText()).isEqualTo(bearer);
        assertThat(body.path("expires_in").asLong()).isEqualTo(3600);
        assertThat(Instant.parse(body.path("issued_at").asText())).isEqualTo(clock.instant());

        fx.createRepo("team/app");
        assertThat(get("/v2/", "Bearer " + bearer).statusCode()).isEqualTo(200);
        HttpResponse<byte[]> tags = get("/v2/team/app/tags/list", "Bearer " + bearer);
        assertThat(tags.statusCode()).as(RegistryFixture.text(tags)).isEqualTo(200);
        assertThat(get("/v2/", "Bearer " + bearer + "x").statusCode()).isEqualTo(401);
    }

    @Test
    void wrongMissingOrForeignCredentialsAre401WithTheBasicChallenge() throws Exception {
        for (String auth : new String[] {basic("AWS", "v1.000000000000.9999999999.forged"), basic("admin", ecrToken),
                "Basic not-base64!", "Bearer " + ecrToken, ""}) {
            HttpResponse<byte[]> r = auth.isEmpty() ? fx.http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(fx.base + QUERY)).build(),
                    HttpResponse.BodyHandlers.ofByteArray()) : get(QUERY, auth);
            assertThat(r.statusCode()).as(auth).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(h -> assertThat(h).startsWith("Basic realm="));
            assertThat(json(r).path("errors").get(0).path("code").asText()).isEqualTo("UNAUTHORIZED");
        }
        assertThat(fx.send("POST", QUERY, new byte[0], "Authorization", "Basic " + Tokens.basic(ecrToken)).statusCode()).isEqualTo(405);
    }

    @Test
    void theBearerTokenNeverOutlivesTheEcrTokenAndExpires() throws Exception {
        String early = json(get(QUERY, "Basic " + Tokens.basic(ecrToken))).path("token").asText();
        clock.advance(Duration.ofMinutes(61));
        assertThat(get("/v2/", "Bearer " + early).statusCode()).isEqualTo(401);

        clock.advance(Duration.ofHours(10).plusMinutes(29)); // 30 minutes left on the ECR token
        JsonNode late = json(get(QUERY, "Basic " + Tokens.basic(ecrToken)));
        assertThat(late.path("expires_in").asLong()).isEqualTo(1800);
        assertThat(get("/v2/", "Bearer " + late.path("token").asText()).statusCode()).isEqualTo(200);

        clock.advance(Duration.ofMinutes(31));
        assertThat(get("/v2/", "Bearer " + late.path("token").asText()).statusCode()).isEqualTo(401);
        assertThat(get(QUERY, "Basic " + Tokens.basic(ecrToken)).statusCode()).isEqualTo(401);
    }
}
