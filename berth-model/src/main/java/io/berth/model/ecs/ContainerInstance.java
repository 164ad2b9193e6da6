package io.berth.model.ecs;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A container instance as stored. What changes with every task (remaining resources, task counts)
 * and the live agent connection are derived when it is described, not stored.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContainerInstance(
        String containerInstanceArn,
        String clusterArn,
        String ec2InstanceId,
        String status,
        String statusReason,
        long version,
        VersionInfo versionInfo,
        List<Resource> registeredResources,
        List<Attribute> attributes,
        Instant registeredAt,
        List<Tag> tags,
        String capacityProviderName,
        String clientToken) {

    public ContainerInstance {
        registeredResources = registeredResources == null ? List.of() : List.copyOf(registeredResources);
        attributes = attributes == null ? List.of() : List.copyOf(attributes);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    @JsonIgnore
    public Optional<Resource> resource(String name) {
        return registeredResources.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    @JsonIgnore
    public int registeredInt(String name) {
        return resource(name).map(r -> r.integerValue() == null ? 0 : r.integerValue()).orElse(0);
    }

    @JsonIgnore
    public Optional<String> attribute(String name) {
        return attributes.stream().filter(a -> a.name().equals(name)).findFirst().map(Attribute::value);
    }

    public ContainerInstance withStatus(String s, String reason) {
        return new ContainerInstance(containerInstanceArn, clusterArn, ec2InstanceId, s, reason, version + 1, versionInfo,
                registeredResources, attributes, registeredAt, tags, capacityProviderName, clientToken);
    }

    public ContainerInstance withAttributes(List<Attribute> a) {
        return new ContainerInstance(containerInstanceArn, clusterArn, ec2InstanceId, status, statusReason, version + 1,
                versionInfo, registeredResources, a, registeredAt, tags, capacityProviderName, clientToken);
    }

    public ContainerInstance withTags(List<Tag> t) {
        return new ContainerInstance(containerInstanceArn, clusterArn, ec2InstanceId, status, statusReason, version,
                versionInfo, registeredResources, attributes, registeredAt, t, capacityProviderName, clientToken);
    }
}
