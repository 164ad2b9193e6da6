package io.berth.wire.sigv4;

import java.util.List;
import java.util.Optional;

/**
 * The parts of a SigV4 {@code Authorization} header:
 * {@code AWS4-HMAC-SHA256 Credential=AKID/20261124/us-east-1/ecs/aws4_request, SignedHeaders=host;x-amz-date, Signature=...}.
 */
public record AuthorizationHeader(String accessKeyId, String date, String region, String service,
                                  List<String> signedHeaders, String signature) {

    /** Parses a header; empty when it is absent or not SigV4. */
    public static Optional<AuthorizationHeader> parse(String header) {
        if (header == null || !header.startsWith("AWS4-HMAC-SHA256 ")) return Optional.empty();
        String credential = null, signed = null, signature = null;
        for (String part : header.substring("AWS4-HMAC-SHA256 ".length()).split(",")) {
            String p = part.trim();
            int eq = p.indexOf('=');
            if (eq < 0) continue;
            String k = p.substring(0, eq), v = p.substring(eq + 1);
            switch (k) {
                case "Credential" -> credential = v;
                case "SignedHeaders" -> signed = v;
                case "Signature" -> signature = v;
                default -> { }
            }
        }
        if (credential == null) return Optional.empty();
        String[] scope = credential.split("/");
        if (scope.length != 5 || !"aws4_request".equals(scope[4])) return Optional.empty();
        return Optional.of(new AuthorizationHeader(scope[0], scope[1], scope[2], scope[3],
                signed == null ? List.of() : List.of(signed.split(";")), signature));
    }
}
