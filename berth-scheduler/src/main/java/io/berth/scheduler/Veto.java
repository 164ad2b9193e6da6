package io.berth.scheduler;

/**
 * Why one instance cannot take the task: the rule that said no, the reason ECS reports in
 * {@code failures[].reason} (such as {@code RESOURCE:MEMORY} or {@code MemberOf}), and a detail for
 * people (such as "needs 512 MiB, 256 free").
 */
public record Veto(String rule, String reason, String detail) {}
