package io.berth.registry.meta;

import java.time.Instant;

/**
 * That a blob was uploaded to (or mounted into) a repository, under {@code ecr/links/<repo>#<digest>}.
 * Blobs are shared files, but a repository sees only those it was given, as ECR's do.
 */
public record LinkRecord(long size, Instant linkedAt) {}
