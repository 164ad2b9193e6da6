package io.berth.registry.meta;

import java.time.Instant;

/** A tag pointing at a manifest digest, under {@code ecr/tags/<repo>#<tag>}. */
public record TagRecord(String digest, Instant taggedAt) {}
