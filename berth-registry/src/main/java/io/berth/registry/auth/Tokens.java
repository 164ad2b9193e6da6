package io.berth.registry.auth;

import io.berth.registry.meta.Keys;
import io.berth.store.StateStore;
import io.berth.store.Txn;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Registry passwords that need no storage: {@code v1.<account>.<expiry epoch seconds>.<HMAC>} signed
 * with a secret kept in the StateStore, so tokens survive restarts and every replica accepts them.
 * GetAuthorizationToken hands them out; the registry checks signature and expiry. Thread-safe.
 */
public final class Tokens {
    public static final Duration LIFETIME = Duration.ofHours(12);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final byte[] secret;
    private final String account;
    private final Clock clock;

    private Tokens(byte[] secret, String account, Clock clock) {
        this.secret = secret;
        this.account = account;
        this.clock = clock;
    }

    /** Loads the signing secret, creating it (compare-and-set, so replicas agree) on first use. */
    public static Tokens open(StateStore store, String account, Clock clock) {
        var existing = store.get(Keys.SECRET);
        if (existing.isEmpty()) {
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            store.txn(Txn.builder().ifAbsent(Keys.SECRET).put(Keys.SECRET, fresh).build());
            existing = store.get(Keys.SECRET);
        }
        return new Tokens(existing.orElseThrow().value(), account, clock);
    }

    /** A token and when it stops working. */
    public record Issued(String token, Instant expiresAt) {}

    public Issued issue() {
        Instant expires = clock.instant().plus(LIFETIME);
        String body = "v1." + account + "." + expires.getEpochSecond();
        return new Issued(body + "." + sign(body), expires);
    }

    /** Whether {@code token} was issued here and has not expired. */
    public boolean valid(String token) {
        if (token == null) return false;
        int last = token.lastIndexOf('.');
        if (last < 0) return false;
        String body = token.substring(0, last);
        String[] parts = body.split("\\.");
        if (parts.length != 3 || !parts[0].equals("v1") || !parts[1].equals(account)) return false;
        byte[] expected = sign(body).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, token.substring(last + 1).getBytes(StandardCharsets.US_ASCII))) return false;
        try {
            return Instant.ofEpochSecond(Long.parseLong(parts[2])).isAfter(clock.instant());
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The ECR authorizationToken: base64 of {@code AWS:<token>}, as docker login takes it. */
    public static String basic(String token) {
        return Base64.getEncoder().encodeToString(("AWS:" + token).getBytes(StandardCharsets.UTF_8));
    }

    private String sign(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return B64.encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
