package io.berth.model.ecs;

public record KeyValuePair(String name, String value) {}
