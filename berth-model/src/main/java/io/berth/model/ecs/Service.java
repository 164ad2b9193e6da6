package io.berth.model.ecs;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A service as stored: what the user asked for, its deployments (newest first) and its event log
 * (newest first, bounded). Task counts are derived from the tasks when it is described.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Service(
        String serviceArn,
        String serviceName,
        String clusterArn,
        String status,
        int desiredCount,
        String launchType,
        String schedulingStrategy,
        String taskDefinition,
        JsonNode deploymentConfiguration,
        List<Deployment> deployments,
        List<ServiceEvent> events,
        JsonNode placementConstraints,
        JsonNode placementStrategy,
        JsonNode loadBalancers,
        JsonNode networkConfiguration,
        Integer healthCheckGracePeriodSeconds,
        Instant createdAt,
        String createdBy,
        List<Tag> tags,
        Boolean enableECSManagedTags,
        String propagateTags,
        Boolean enableExecuteCommand,
        String clientToken) {

    public static final int MAX_EVENTS = 100;

    public Service {
        deployments = deployments == null ? List.of() : List.copyOf(deployments);
        events = events == null ? List.of() : List.copyOf(events);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    @JsonIgnore
    public boolean daemon() {
        return "DAEMON".equals(schedulingStrategy);
    }

    /** The task group of the service's tasks, as ECS names it. */
    @JsonIgnore
    public String group() {
        return "service:" + serviceName;
    }

    @JsonIgnore
    public Optional<Deployment> primary() {
        return deployments.stream().filter(Deployment::primary).findFirst();
    }

    public int minimumHealthyPercent() {
        JsonNode v = deploymentConfiguration == null ? null : deploymentConfiguration.get("minimumHealthyPercent");
        return v == null || v.isNull() ? (daemon() ? 0 : 100) : v.asInt();
    }

    public int maximumPercent() {
        JsonNode v = deploymentConfiguration == null ? null : deploymentConfiguration.get("maximumPercent");
        return v == null || v.isNull() ? (daemon() ? 100 : 200) : v.asInt();
    }

    @JsonIgnore
    public boolean circuitBreaker() {
        return deploymentConfiguration != null && deploymentConfiguration.path("deploymentCircuitBreaker").path("enable").asBoolean(false);
    }

    @JsonIgnore
    public boolean rollback() {
        return deploymentConfiguration != null && deploymentConfiguration.path("deploymentCircuitBreaker").path("rollback").asBoolean(false);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A mutable copy for making the next version of a service. */
    public static final class Builder {
        public String serviceArn, serviceName, clusterArn, status;
        public int desiredCount;
        public String launchType, schedulingStrategy, taskDefinition;
        public JsonNode deploymentConfiguration;
        public List<Deployment> deployments;
        public List<ServiceEvent> events;
        public JsonNode placementConstraints, placementStrategy, loadBalancers, networkConfiguration;
        public Integer healthCheckGracePeriodSeconds;
        public Instant createdAt;
        public String createdBy;
        public List<Tag> tags;
        public Boolean enableECSManagedTags;
        public String propagateTags;
        public Boolean enableExecuteCommand;
        public String clientToken;

        public Builder() {}

        Builder(Service s) {
            serviceArn = s.serviceArn; serviceName = s.serviceName; clusterArn = s.clusterArn; status = s.status;
            desiredCount = s.desiredCount; launchType = s.launchType; schedulingStrategy = s.schedulingStrategy;
            taskDefinition = s.taskDefinition; deploymentConfiguration = s.deploymentConfiguration;
            deployments = new ArrayList<>(s.deployments); events = new ArrayList<>(s.events);
            placementConstraints = s.placementConstraints; placementStrategy = s.placementStrategy;
            loadBalancers = s.loadBalancers; networkConfiguration = s.networkConfiguration;
            healthCheckGracePeriodSeconds = s.healthCheckGracePeriodSeconds; createdAt = s.createdAt; createdBy = s.createdBy;
            tags = s.tags; enableECSManagedTags = s.enableECSManagedTags; propagateTags = s.propagateTags;
            enableExecuteCommand = s.enableExecuteCommand; clientToken = s.clientToken;
        }

        /** Adds an event at the front, dropping the oldest beyond {@link #MAX_EVENTS}. */
        public Builder event(ServiceEvent e) {
            List<ServiceEvent> next = new ArrayList<>();
            next.add(e);
            next.addAll(events);
            events = next.size() > MAX_EVENTS ? next.subList(0, MAX_EVENTS) : next;
            return this;
        }

        public Service build() {
            return new Service(serviceArn, serviceName, clusterArn, status, desiredCount, launchType, schedulingStrategy,
                    taskDefinition, deploymentConfiguration, deployments, events, placementConstraints, placementStrategy,
                    loadBalancers, networkConfiguration, healthCheckGracePeriodSeconds, createdAt, createdBy, tags,
                    enableECSManagedTags, propagateTags, enableExecuteCommand, clientToken);
        }
    }
}
