package io.berth.registry.meta;

/** A record as read, with the store revision a compare-and-set must find unchanged. */
public record Versioned<T>(T value, long modRevision) {}
