package io.berth.store;

/** One change seen by a watch: a put carries the new value; a delete carries the key and its deleting revision. */
public record Event(Type type, KeyValue kv) {
    public enum Type { PUT, DELETE }
}
