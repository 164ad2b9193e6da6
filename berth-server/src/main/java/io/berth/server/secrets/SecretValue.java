package io.berth.server.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;

/**
 * A secret value from a request: {@code SecretString} or {@code SecretBinary} (kept as canonical
 * base64, as the JSON protocol carries blobs), or neither.
 */
record SecretValue(String string, String binary) {
    private static final int MAX_BINARY = 65_536;

    /** The value a request carries, checked as Secrets Manager checks it. */
    static SecretValue of(JsonNode in) {
        String string = in.hasNonNull("SecretString") ? in.get("SecretString").asText() : null;
        String binary = in.hasNonNull("SecretBinary") ? in.get("SecretBinary").asText() : null;
        if (string != null && binary != null) {
            throw SecretErrors.invalidParameter("You can't specify both a binary secret value and a string secret value in the same secret.");
        }
        if (binary != null) {
            byte[] bytes;
            try {
                bytes = Base64.getMimeDecoder().decode(binary);
            } catch (IllegalArgumentException e) {
                throw SecretErrors.invalidParameter("SecretBinary must be base64-encoded.");
            }
            if (bytes.length == 0 || bytes.length > MAX_BINARY) {
                throw SecretErrors.invalidParameter("SecretBinary must be 1 to " + MAX_BINARY + " bytes long.");
            }
            binary = Base64.getEncoder().encodeToString(bytes);
        }
        return new SecretValue(string, binary);
    }

    boolean present() {
        return string != null || binary != null;
    }
}
