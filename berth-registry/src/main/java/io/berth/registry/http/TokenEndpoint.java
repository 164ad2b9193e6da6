package io.berth.registry.http;

import io.berth.registry.ErrorCode;
import io.berth.registry.RegistryException;
import io.berth.registry.auth.Tokens;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Docker's token endpoint ({@code GET /token?service=...&scope=...}, the Docker registry token
 * authentication spec): trades an ECR token, sent as Basic {@code AWS:<token>}, for a bearer token
 * that /v2/ accepts, answered as {@code {token, access_token, expires_in, issued_at}}. Berth's
 * /v2/ challenge stays Basic, as ECR's is, so docker itself never needs this; it is for clients
 * that ask for a bearer token first. {@code service} and {@code scope} are accepted as sent: an ECR
 * token grants the whole registry, and so does the bearer token, which lasts an hour and never
 * longer than the token it was traded for. Wrong, expired or missing credentials get 401.
 */
final class TokenEndpoint {
    static final String PATH = "/token";
    static final Duration BEARER_LIFETIME = Duration.ofHours(1);

    private final Tokens tokens;
    private final Supplier<String> baseUrl;

    TokenEndpoint(Tokens tokens, Supplier<String> baseUrl) {
        this.tokens = tokens;
        this.baseUrl = baseUrl;
    }

    void handle(Exchange x) {
        if (!x.method.equals("GET")) {
            x.header("Allow", "GET");
            RegistryHandler.error(x, new RegistryException(ErrorCode.UNSUPPORTED, 405, "InvalidParameterException",
                    "the token endpoint takes GET with Basic AWS:<token> credentials", null));
            return;
        }
        Instant now = tokens.now();
        Optional<Instant> presented = Tokens.fromBasic(x.header("Authorization")).flatMap(tokens::expiry).filter(now::isBefore);
        if (presented.isEmpty()) {
            x.header("WWW-Authenticate", RegistryHandler.challenge(baseUrl.get()));
            RegistryHandler.error(x, new RegistryException(ErrorCode.UNAUTHORIZED,
                    "send Basic credentials: user AWS and the password from aws ecr get-login-password"));
            return;
        }
        Instant until = now.plus(BEARER_LIFETIME);
        if (presented.get().isBefore(until)) until = presented.get();
        Tokens.Issued bearer = tokens.issueUntil(until);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", bearer.token());
        body.put("access_token", bearer.token());
        body.put("expires_in", Math.max(0, bearer.expiresAt().getEpochSecond() - now.getEpochSecond()));
        body.put("issued_at", now.toString());
        x.header("Cache-Control", "no-store");
        x.json(200, body);
    }
}
