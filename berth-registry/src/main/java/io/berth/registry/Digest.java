package io.berth.registry;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A content digest, {@code sha256:<64 hex>}. Berth stores and verifies sha256 only; other algorithms
 * the OCI spec allows (sha512) are refused as unsupported rather than stored unverified.
 */
public record Digest(String hex) {
    private static final Pattern HEX = Pattern.compile("[a-f0-9]{64}");
    /** The OCI image spec's algorithm grammar: lowercase components joined by {@code + . _ -}. */
    private static final Pattern ALGORITHM = Pattern.compile("[a-z0-9]+([+._-][a-z0-9]+)*");

    public Digest {
        if (hex == null || !HEX.matcher(hex).matches()) throw new IllegalArgumentException("not a sha256 hex digest: " + hex);
    }

    /** Parses {@code sha256:<hex>}; throws {@link RegistryException} DIGEST_INVALID or UNSUPPORTED. */
    public static Digest parse(String s) {
        if (s == null || s.isEmpty()) throw new RegistryException(ErrorCode.DIGEST_INVALID, "missing digest");
        int colon = s.indexOf(':');
        if (colon < 0) throw new RegistryException(ErrorCode.DIGEST_INVALID, "digest " + s + " has no algorithm");
        String alg = s.substring(0, colon);
        if (!ALGORITHM.matcher(alg).matches()) throw new RegistryException(ErrorCode.DIGEST_INVALID, "malformed digest " + s);
        if (!alg.equals("sha256")) {
            throw new RegistryException(ErrorCode.UNSUPPORTED, "digest algorithm " + alg + " is not supported; use sha256");
        }
        String hex = s.substring(colon + 1);
        if (!HEX.matcher(hex).matches()) throw new RegistryException(ErrorCode.DIGEST_INVALID, "malformed digest " + s);
        return new Digest(hex);
    }

    /** {@code s} parsed as by {@link #parse}, or empty if it is malformed or not sha256. */
    public static Optional<Digest> tryParse(String s) {
        try {
            return Optional.of(parse(s));
        } catch (RegistryException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code s} looks like a digest reference rather than a tag. */
    public static boolean isDigest(String s) {
        return s.contains(":");
    }

    public static Digest of(byte[] content) {
        return new Digest(HexFormat.of().formatHex(sha256().digest(content)));
    }

    public static Digest of(MessageDigest finished) {
        return new Digest(HexFormat.of().formatHex(finished.digest()));
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Hashes 16 MiB the way uploads feed the digest (64 KiB direct buffers). SHA-256 runs several
     * times slower until the JIT has compiled it down to the CPU's SHA instructions; run at start
     * ({@link Registry}), this keeps the first layers pushed from paying for that.
     */
    static void warmUp() {
        ByteBuffer chunk = ByteBuffer.allocateDirect(64 * 1024);
        MessageDigest md = sha256();
        for (int i = 0; i < 256; i++) md.update(chunk.clear());
        md.digest();
    }

    @Override
    public String toString() {
        return "sha256:" + hex;
    }
}
