package io.berth.model.ecs;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.berth.model.TaskStatus;
import java.time.Instant;
import java.util.List;

/** A task as stored and as DescribeTasks shows it (member names are the ECS API's). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Task(
        String taskArn,
        String clusterArn,
        String taskDefinitionArn,
        String containerInstanceArn,
        JsonNode overrides,
        String lastStatus,
        String desiredStatus,
        String cpu,
        String memory,
        List<Container> containers,
        String startedBy,
        long version,
        String stoppedReason,
        String stopCode,
        Instant connectivityAt,
        Instant pullStartedAt,
        Instant pullStoppedAt,
        Instant executionStoppedAt,
        Instant createdAt,
        Instant startedAt,
        Instant stoppingAt,
        Instant stoppedAt,
        String group,
        String launchType,
        String availabilityZone,
        String healthStatus,
        List<Tag> tags,
        List<Attribute> attributes,
        Boolean enableExecuteCommand) {

    public Task {
        containers = containers == null ? List.of() : List.copyOf(containers);
        tags = tags == null ? List.of() : List.copyOf(tags);
        attributes = attributes == null ? List.of() : List.copyOf(attributes);
    }

    @JsonIgnore
    public TaskStatus last() {
        return TaskStatus.parse(lastStatus);
    }

    @JsonIgnore
    public TaskStatus desired() {
        return TaskStatus.parse(desiredStatus);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A mutable copy for building the next version of a task; {@link #build} bumps {@code version}. */
    public static final class Builder {
        public String taskArn, clusterArn, taskDefinitionArn, containerInstanceArn;
        public JsonNode overrides;
        public String lastStatus, desiredStatus, cpu, memory;
        public List<Container> containers;
        public String startedBy;
        public long version;
        public String stoppedReason, stopCode;
        public Instant connectivityAt, pullStartedAt, pullStoppedAt, executionStoppedAt, createdAt, startedAt,
                stoppingAt, stoppedAt;
        public String group, launchType, availabilityZone, healthStatus;
        public List<Tag> tags;
        public List<Attribute> attributes;
        public Boolean enableExecuteCommand;

        public Builder() {}

        Builder(Task t) {
            taskArn = t.taskArn; clusterArn = t.clusterArn; taskDefinitionArn = t.taskDefinitionArn;
            containerInstanceArn = t.containerInstanceArn; overrides = t.overrides; lastStatus = t.lastStatus;
            desiredStatus = t.desiredStatus; cpu = t.cpu; memory = t.memory; containers = t.containers;
            startedBy = t.startedBy; version = t.version; stoppedReason = t.stoppedReason; stopCode = t.stopCode;
            connectivityAt = t.connectivityAt; pullStartedAt = t.pullStartedAt; pullStoppedAt = t.pullStoppedAt;
            executionStoppedAt = t.executionStoppedAt; createdAt = t.createdAt; startedAt = t.startedAt;
            stoppingAt = t.stoppingAt; stoppedAt = t.stoppedAt; group = t.group; launchType = t.launchType;
            availabilityZone = t.availabilityZone; healthStatus = t.healthStatus; tags = t.tags;
            attributes = t.attributes; enableExecuteCommand = t.enableExecuteCommand;
        }

        /** Moves lastStatus forward along the task ladder; refuses backward or unlisted moves. */
        public Builder moveTo(TaskStatus next) {
            lastStatus = TaskStatus.parse(lastStatus).moveTo(next).name();
            return this;
        }

        public Task build() {
            return new Task(taskArn, clusterArn, taskDefinitionArn, containerInstanceArn, overrides, lastStatus,
                    desiredStatus, cpu, memory, containers, startedBy, version + 1, stoppedReason, stopCode,
                    connectivityAt, pullStartedAt, pullStoppedAt, executionStoppedAt, createdAt, startedAt, stoppingAt,
                    stoppedAt, group, launchType, availabilityZone, healthStatus, tags, attributes,
                    enableExecuteCommand);
        }
    }
}
