package io.berth.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A compare-and-set transaction: when all compares hold, apply all ops under one new revision. */
public record Txn(List<Compare> compares, List<Op> ops) {
    public Txn {
        compares = List.copyOf(compares);
        ops = List.copyOf(ops);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A condition on one key's current state. */
    public sealed interface Compare {
        String key();

        /** The key's modRevision equals {@code revision}; 0 means the key must be absent. */
        record ModRevision(String key, long revision) implements Compare {}
    }

    /** A change to one key. */
    public sealed interface Op {
        String key();

        record Put(String key, byte[] value) implements Op {}

        record Delete(String key) implements Op {}
    }

    public static final class Builder {
        private final List<Compare> compares = new ArrayList<>();
        private final List<Op> ops = new ArrayList<>();

        public Builder ifAbsent(String key) {
            compares.add(new Compare.ModRevision(key, 0));
            return this;
        }

        public Builder ifModRevision(String key, long revision) {
            compares.add(new Compare.ModRevision(key, revision));
            return this;
        }

        public Builder put(String key, byte[] value) {
            ops.add(new Op.Put(key, value));
            return this;
        }

        public Builder put(String key, String value) {
            return put(key, value.getBytes(StandardCharsets.UTF_8));
        }

        public Builder delete(String key) {
            ops.add(new Op.Delete(key));
            return this;
        }

        public Txn build() {
            return new Txn(compares, ops);
        }
    }
}
