package io.berth.scheduler;

/**
 * What to place: {@code count} copies of a task with this demand in this task group, under these
 * rules. {@code seed} drives the random strategy and candidate sampling, so the same request over
 * the same view gives the same answer. With {@code explain}, the first copy's decision is recorded
 * instance by instance.
 */
public record PlacementRequest(TaskDemand demand, String group, PlacementSpec spec, int count, long seed, boolean explain) {
    public PlacementRequest {
        if (count < 0) throw new IllegalArgumentException("count must not be negative");
        if (group == null || group.isEmpty()) throw new IllegalArgumentException("a task group is required");
    }
}
