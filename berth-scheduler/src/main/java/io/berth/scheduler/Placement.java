package io.berth.scheduler;

import java.util.List;

/** The outcome of placing N copies of a task: the instance of each placed copy, and why others failed. */
public record Placement(List<String> instances, List<Failure> failures) {
    /** An ECS {@code Failure}: the instance (or null) and a reason such as {@code RESOURCE:MEMORY}. */
    public record Failure(String arn, String reason, String detail) {}
}
