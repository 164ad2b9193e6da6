package io.berth.model.ecs;

public record VersionInfo(String agentVersion, String agentHash, String dockerVersion) {}
