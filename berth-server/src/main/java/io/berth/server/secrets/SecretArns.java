package io.berth.server.secrets;

import java.security.SecureRandom;
import java.util.Optional;

/**
 * Secret ARNs as AWS makes them: {@code arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6
 * random letters and digits>}. A "partial ARN" is the same without the suffix. Thread-safe.
 */
public record SecretArns(String region, String account) {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final int SUFFIX = 6;
    private static final SecureRandom RANDOM = new SecureRandom();

    private String prefix() {
        return "arn:aws:secretsmanager:" + region + ":" + account + ":secret:";
    }

    /** A new ARN for a secret called {@code name}. */
    String fresh(String name) {
        StringBuilder b = new StringBuilder(prefix()).append(name).append('-');
        for (int i = 0; i < SUFFIX; i++) b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        return b.toString();
    }

    /** The part after {@code secret:} of a secret ARN in this region and account, if {@code id} is one. */
    Optional<String> resource(String id) {
        return id.startsWith(prefix()) ? Optional.of(id.substring(prefix().length())) : Optional.empty();
    }

    /** The name a full ARN's resource part ends in once the random suffix is dropped, if it has one. */
    static Optional<String> withoutSuffix(String resource) {
        int dash = resource.length() - SUFFIX - 1;
        if (dash < 1 || resource.charAt(dash) != '-') return Optional.empty();
        for (int i = dash + 1; i < resource.length(); i++) if (ALPHABET.indexOf(resource.charAt(i)) < 0) return Optional.empty();
        return Optional.of(resource.substring(0, dash));
    }
}
