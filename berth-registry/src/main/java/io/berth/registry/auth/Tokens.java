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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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

    /** How many checked tokens {@link #expiry} remembers; past that it starts over. */
    private static final int CHECKED_MAX = 1024;

    private final String account;
    private final Clock clock;
    /** Initialised once; each signature works on a clone, which skips the provider lookup and key setup. */
    private final Mac prototype;
    /** Tokens whose signature checked out, with their expiry: docker sends the same one with every request. */
    private final Map<String, Instant> checked = new ConcurrentHashMap<>();

    private Tokens(byte[] secret, String account, Clock clock) {
        this.account = account;
        this.clock = clock;
        try {
            this.prototype = Mac.getInstance("HmacSHA256");
            prototype.init(new SecretKeySpec(secret, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
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

    /** A token for {@link #LIFETIME} from now. */
    public Issued issue() {
        return issueUntil(clock.instant().plus(LIFETIME));
    }

    /** A token that stops working at {@code expires} (to the second). */
    public Issued issueUntil(Instant expires) {
        String body = "v1." + account + "." + expires.getEpochSecond();
        return new Issued(body + "." + sign(body), Instant.ofEpochSecond(expires.getEpochSecond()));
    }

    /** Whether {@code token} was issued here and has not expired. */
    public boolean valid(String token) {
        return expiry(token).filter(e -> e.isAfter(clock.instant())).isPresent();
    }

    /** When {@code token} stops (or stopped) working, if it was issued here. */
    public Optional<Instant> expiry(String token) {
        if (token == null) return Optional.empty();
        Instant known = checked.get(token);
        if (known != null) return Optional.of(known);
        Optional<Instant> e = verify(token);
        if (e.isPresent()) {
            if (checked.size() >= CHECKED_MAX) checked.clear();
            checked.put(token, e.get());
        }
        return e;
    }

    private Optional<Instant> verify(String token) {
        int last = token.lastIndexOf('.');
        if (last < 0) return Optional.empty();
        String body = token.substring(0, last);
        String[] parts = body.split("\\.");
        if (parts.length != 3 || !parts[0].equals("v1") || !parts[1].equals(account)) return Optional.empty();
        byte[] expected = sign(body).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, token.substring(last + 1).getBytes(StandardCharsets.US_ASCII))) return Optional.empty();
        try {
            return Optional.of(Instant.ofEpochSecond(Long.parseLong(parts[2])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public Instant now() {
        return clock.instant();
    }

    /** The ECR authorizationToken: base64 of {@code AWS:<token>}, as docker login takes it. */
    public static String basic(String token) {
        return Base64.getEncoder().encodeToString(("AWS:" + token).getBytes(StandardCharsets.UTF_8));
    }

    /** The token in an {@code Authorization: Basic} header for user {@code AWS}, as docker sends it after docker login. */
    public static Optional<String> fromBasic(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) return Optional.empty();
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        return colon > 0 && decoded.substring(0, colon).equals("AWS") ? Optional.of(decoded.substring(colon + 1)) : Optional.empty();
    }

    private String sign(String body) {
        try {
            Mac mac = (Mac) prototype.clone();
            return B64.encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }
}
