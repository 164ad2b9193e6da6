package io.berth.store.sqlite;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Keys are stored as UTF-8 BLOBs so SQLite orders them by bytes, as etcd does; that also lets a
 * prefix scan use a plain index range {@code [prefix, successor(prefix))}.
 */
final class Keys {
    private Keys() {}

    /** Validates a key: not null, not empty, well-formed UTF-16 (no lone surrogates). */
    static String requireKey(String key) {
        if (key == null) throw new IllegalArgumentException("key must not be null");
        if (key.isEmpty()) throw new IllegalArgumentException("key must not be empty");
        requireWellFormed(key, "key");
        return key;
    }

    /** Validates a prefix: not null; "" means every key. */
    static String requirePrefix(String prefix) {
        if (prefix == null) throw new IllegalArgumentException("prefix must not be null");
        requireWellFormed(prefix, "prefix");
        return prefix;
    }

    static byte[] encode(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    static String decode(byte[] key) {
        return new String(key, StandardCharsets.UTF_8);
    }

    /**
     * The smallest byte string greater than every string starting with {@code prefix}, or null when
     * there is none (empty prefix, or all 0xFF bytes, which UTF-8 never produces).
     */
    static byte[] successor(byte[] prefix) {
        for (int i = prefix.length - 1; i >= 0; i--) {
            if (prefix[i] != (byte) 0xFF) {
                byte[] end = Arrays.copyOf(prefix, i + 1);
                end[i]++;
                return end;
            }
        }
        return null;
    }

    // String.getBytes would silently turn a lone surrogate into '?', so two keys could collide.
    private static void requireWellFormed(String s, String what) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(what + " has a lone surrogate at index " + i);
            }
        }
    }
}
