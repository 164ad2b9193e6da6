package io.berth.server.secrets;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One version of a secret's value (a string or base64 binary, never both) and the staging labels
 * attached to it. A version without labels is deprecated: it is kept, and readable by its id,
 * until {@link Versions} prunes it.
 */
public record SecretVersion(String versionId, String secretString, String secretBinary, List<String> stages, Instant createdDate) {
    public SecretVersion {
        Objects.requireNonNull(versionId, "versionId");
        stages = List.copyOf(stages);
    }

    boolean has(String stage) {
        return stages.contains(stage);
    }

    boolean holds(SecretValue value) {
        return Objects.equals(secretString, value.string()) && Objects.equals(secretBinary, value.binary());
    }

    SecretVersion without(List<String> labels) {
        List<String> left = new ArrayList<>(stages);
        left.removeAll(labels);
        return new SecretVersion(versionId, secretString, secretBinary, left, createdDate);
    }

    SecretVersion with(String label) {
        if (stages.contains(label)) return this;
        List<String> more = new ArrayList<>(stages);
        more.add(label);
        return new SecretVersion(versionId, secretString, secretBinary, more, createdDate);
    }
}
