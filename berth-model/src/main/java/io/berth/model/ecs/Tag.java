package io.berth.model.ecs;

/** A resource tag as ECS spells it (lower-case members). */
public record Tag(String key, String value) {}
