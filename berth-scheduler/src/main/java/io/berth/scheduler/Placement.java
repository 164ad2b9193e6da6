package io.berth.scheduler;

import java.util.List;

/**
 * The outcome of placing N copies of a task: the instance of each placed copy in order, why the
 * first copy that could not be placed failed (one ECS {@code Failure} per instance, with the rule
 * that turned it down), and, when asked for, the explanation of the first copy.
 */
public record Placement(List<String> instances, List<Failure> failures, Explanation explanation) {
    public Placement {
        instances = List.copyOf(instances);
        failures = List.copyOf(failures);
    }

    /** An ECS {@code Failure}: the instance (or null) and a reason such as {@code RESOURCE:MEMORY}. */
    public record Failure(String arn, String reason, String detail) {}

    /** The reason ECS gives when a cluster has no instance to consider at all. */
    public static final String NO_INSTANCES = "No Container Instances were found in your cluster.";
}
