package io.berth.registry.meta;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;

/**
 * A manifest stored in a repository, under {@code ecr/images/<repo>#<digest>}; the manifest bytes
 * are the blob of that digest.
 *
 * @param blobs     config and layer digests an image manifest references
 * @param manifests manifest digests an index references
 * @param subject   the digest in the manifest's {@code subject} field (referrers), if any
 * @param imageSize what ECR reports as imageSizeInBytes: the manifest's layers (and config) together
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImageRecord(
        String digest,
        String mediaType,
        String artifactMediaType,
        long manifestSize,
        long imageSize,
        Instant pushedAt,
        List<String> blobs,
        List<String> manifests,
        String subject,
        Instant lastPulledAt) {

    public ImageRecord {
        blobs = blobs == null ? List.of() : List.copyOf(blobs);
        manifests = manifests == null ? List.of() : List.copyOf(manifests);
    }

    public ImageRecord withPushedAt(Instant t) {
        return new ImageRecord(digest, mediaType, artifactMediaType, manifestSize, imageSize, t, blobs, manifests, subject, lastPulledAt);
    }

    public ImageRecord withLastPulledAt(Instant t) {
        return new ImageRecord(digest, mediaType, artifactMediaType, manifestSize, imageSize, pushedAt, blobs, manifests, subject, t);
    }
}
