package io.berth.server.secrets;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A secret as stored under {@code secrets/<name>}: its ARN (name plus AWS's random six-character
 * suffix), details, tags and versions. {@code deletedDate} and {@code deletionDate} are set while
 * it is scheduled for deletion: when DeleteSecret ran, and when the recovery window ends.
 */
public record Secret(
        String arn,
        String name,
        String description,
        String kmsKeyId,
        List<SecretTag> tags,
        List<SecretVersion> versions,
        Instant createdDate,
        Instant lastChangedDate,
        Instant lastAccessedDate,
        Instant deletedDate,
        Instant deletionDate) {

    public Secret {
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(name, "name");
        tags = tags == null ? List.of() : List.copyOf(tags);
        versions = versions == null ? List.of() : List.copyOf(versions);
    }

    boolean deleted() {
        return deletedDate != null;
    }

    Optional<SecretVersion> version(String versionId) {
        return versions.stream().filter(v -> v.versionId().equals(versionId)).findFirst();
    }

    Optional<SecretVersion> staged(String stage) {
        return versions.stream().filter(v -> v.has(stage)).findFirst();
    }

    Secret withVersions(List<SecretVersion> next, Instant changed) {
        return new Secret(arn, name, description, kmsKeyId, tags, next, createdDate, changed, lastAccessedDate, deletedDate, deletionDate);
    }

    Secret withDetails(String nextDescription, String nextKmsKeyId, Instant changed) {
        return new Secret(arn, name, nextDescription, nextKmsKeyId, tags, versions, createdDate, changed, lastAccessedDate, deletedDate,
                deletionDate);
    }

    Secret withTags(List<SecretTag> next, Instant changed) {
        return new Secret(arn, name, description, kmsKeyId, next, versions, createdDate, changed, lastAccessedDate, deletedDate, deletionDate);
    }

    Secret withDeletion(Instant deleted, Instant deletion) {
        return new Secret(arn, name, description, kmsKeyId, tags, versions, createdDate, lastChangedDate, lastAccessedDate, deleted, deletion);
    }

    Secret withLastAccessed(Instant accessed) {
        return new Secret(arn, name, description, kmsKeyId, tags, versions, createdDate, lastChangedDate, accessed, deletedDate, deletionDate);
    }
}
