package io.berth.agent.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.berth.agent.runtime.ContainerSpec.HealthCheck;
import io.berth.agent.runtime.ContainerSpec.Ulimit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the Docker Engine API fragments that ECS sends as JSON strings in
 * {@code dockerConfig.config} (container Config) and {@code dockerConfig.hostConfig} (HostConfig).
 * Only the fields the agent applies are read; others are ignored. A fragment that is not JSON is
 * rejected, since running a container without settings the user asked for would be wrong.
 */
final class DockerConfigParser {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Settings from Config. */
    record Config(String user, String workingDir, Map<String, String> labels, String hostname,
            HealthCheck healthCheck, String stopSignal) {
        static final Config EMPTY = new Config(null, null, Map.of(), null, null, null);
    }

    /** Settings from HostConfig. */
    record Host(Long memoryReservation, List<Ulimit> ulimits, Boolean privileged, Boolean readonlyRootfs,
            List<String> dns, List<String> dnsSearch, List<String> extraHosts, Boolean init, Long shmSize,
            List<String> capAdd, List<String> capDrop, String networkMode) {
        static final Host EMPTY = new Host(null, List.of(), null, null, List.of(), List.of(), List.of(), null, null,
                List.of(), List.of(), null);
    }

    private DockerConfigParser() {}

    static Config config(String json) {
        JsonNode n = parse(json, "dockerConfig.config");
        if (n.isMissingNode()) return Config.EMPTY;
        Map<String, String> labels = new LinkedHashMap<>();
        n.path("Labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        HealthCheck health = null;
        JsonNode h = n.path("Healthcheck");
        if (h.isObject()) {
            health = new HealthCheck(strings(h.path("Test")), longOrNull(h.path("Interval")),
                    longOrNull(h.path("Timeout")), h.path("Retries").isNumber() ? h.path("Retries").asInt() : null,
                    longOrNull(h.path("StartPeriod")));
        }
        return new Config(text(n, "User"), text(n, "WorkingDir"), labels, text(n, "Hostname"), health,
                text(n, "StopSignal"));
    }

    static Host hostConfig(String json) {
        JsonNode n = parse(json, "dockerConfig.hostConfig");
        if (n.isMissingNode()) return Host.EMPTY;
        List<Ulimit> ulimits = new ArrayList<>();
        for (JsonNode u : n.path("Ulimits")) {
            ulimits.add(new Ulimit(u.path("Name").asText(), u.path("Soft").asLong(), u.path("Hard").asLong()));
        }
        return new Host(longOrNull(n.path("MemoryReservation")), ulimits, boolOrNull(n.path("Privileged")),
                boolOrNull(n.path("ReadonlyRootfs")), strings(n.path("Dns")), strings(n.path("DnsSearch")),
                strings(n.path("ExtraHosts")), boolOrNull(n.path("Init")), longOrNull(n.path("ShmSize")),
                strings(n.path("CapAdd")), strings(n.path("CapDrop")), text(n, "NetworkMode"));
    }

    private static JsonNode parse(String json, String what) {
        if (json == null || json.isBlank()) return MissingNode.getInstance();
        try {
            JsonNode n = MAPPER.readTree(json);
            if (n == null || n.isNull()) return MissingNode.getInstance();
            if (!n.isObject()) throw new IllegalArgumentException(what + " is not a JSON object");
            return n;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + " is not JSON: " + e.getOriginalMessage());
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isTextual() && !v.asText().isEmpty() ? v.asText() : null;
    }

    private static Long longOrNull(JsonNode v) {
        return v.isNumber() ? v.asLong() : null;
    }

    private static Boolean boolOrNull(JsonNode v) {
        return v.isBoolean() ? v.asBoolean() : null;
    }

    private static List<String> strings(JsonNode v) {
        List<String> out = new ArrayList<>();
        if (v.isArray()) v.forEach(x -> out.add(x.asText()));
        return out;
    }
}
