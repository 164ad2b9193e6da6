package io.berth.store;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** One stored key with its value and the revisions that created and last modified it. */
public record KeyValue(String key, byte[] value, long createRevision, long modRevision) {
    public KeyValue {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    public String valueAsString() {
        return new String(value, StandardCharsets.UTF_8);
    }
}
