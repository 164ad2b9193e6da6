package io.berth.registry.meta;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A repository as stored under {@code ecr/repos/<name>}. Settings the ECR API takes verbatim
 * (scanning, encryption, mutability exclusion filters) are kept as the JSON the client sent.
 * {@code deleting} is set by the first phase of a delete so pushes in flight fail their compare.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RepositoryRecord(
        String name,
        String arn,
        String registryId,
        Instant createdAt,
        String imageTagMutability,
        JsonNode imageTagMutabilityExclusionFilters,
        JsonNode imageScanningConfiguration,
        JsonNode encryptionConfiguration,
        List<Tag> tags,
        String policyText,
        String lifecyclePolicyText,
        Instant lifecycleEvaluatedAt,
        boolean deleting) {

    public RepositoryRecord {
        Objects.requireNonNull(name, "name");
        tags = tags == null ? List.of() : List.copyOf(tags);
        if (imageTagMutability == null) imageTagMutability = "MUTABLE";
    }

    public record Tag(String Key, String Value) {}

    public boolean immutable(String tag) {
        return switch (imageTagMutability) {
            case "IMMUTABLE" -> true;
            case "IMMUTABLE_WITH_EXCLUSION" -> !excluded(tag);
            case "MUTABLE_WITH_EXCLUSION" -> excluded(tag);
            default -> false;
        };
    }

    private boolean excluded(String tag) {
        if (imageTagMutabilityExclusionFilters == null) return false;
        for (JsonNode f : imageTagMutabilityExclusionFilters) {
            if (Wildcard.matches(f.path("filter").asText(), tag)) return true;
        }
        return false;
    }

    public RepositoryRecord withMutability(String m, JsonNode filters) {
        return new RepositoryRecord(name, arn, registryId, createdAt, m, filters, imageScanningConfiguration,
                encryptionConfiguration, tags, policyText, lifecyclePolicyText, lifecycleEvaluatedAt, deleting);
    }

    public RepositoryRecord withScanning(JsonNode scanning) {
        return new RepositoryRecord(name, arn, registryId, createdAt, imageTagMutability, imageTagMutabilityExclusionFilters,
                scanning, encryptionConfiguration, tags, policyText, lifecyclePolicyText, lifecycleEvaluatedAt, deleting);
    }

    public RepositoryRecord withTags(List<Tag> t) {
        return new RepositoryRecord(name, arn, registryId, createdAt, imageTagMutability, imageTagMutabilityExclusionFilters,
                imageScanningConfiguration, encryptionConfiguration, t, policyText, lifecyclePolicyText, lifecycleEvaluatedAt, deleting);
    }

    public RepositoryRecord withPolicy(String p) {
        return new RepositoryRecord(name, arn, registryId, createdAt, imageTagMutability, imageTagMutabilityExclusionFilters,
                imageScanningConfiguration, encryptionConfiguration, tags, p, lifecyclePolicyText, lifecycleEvaluatedAt, deleting);
    }

    public RepositoryRecord withLifecyclePolicy(String p, Instant evaluatedAt) {
        return new RepositoryRecord(name, arn, registryId, createdAt, imageTagMutability, imageTagMutabilityExclusionFilters,
                imageScanningConfiguration, encryptionConfiguration, tags, policyText, p, evaluatedAt, deleting);
    }

    public RepositoryRecord markDeleting() {
        return new RepositoryRecord(name, arn, registryId, createdAt, imageTagMutability, imageTagMutabilityExclusionFilters,
                imageScanningConfiguration, encryptionConfiguration, tags, policyText, lifecyclePolicyText, lifecycleEvaluatedAt, true);
    }
}
