package io.berth.model.ecs;

import java.time.Instant;

/** A line in a service's event log, as ECS writes them: "(service web) has reached a steady state." */
public record ServiceEvent(String id, Instant createdAt, String message) {}
