package io.berth.agent.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The body of {@code RegisterContainerInstance}, shaped like the ECS agent's (see
 * shared/reference/register-container-instance-example.json). The capability attributes are the
 * ones this agent honours; custom attributes and {@code berth.host-address} come after them.
 */
public final class RegistrationRequest {
    public static final String HOST_ADDRESS_ATTRIBUTE = "berth.host-address";

    /** Capabilities this agent actually provides (a subset of the ECS agent's list). */
    static final List<String> CAPABILITIES = List.of(
            "ecs.capability.container-ordering",
            "ecs.capability.container-health-check",
            "com.amazonaws.ecs.capability.privileged-container",
            "com.amazonaws.ecs.capability.docker-remote-api.1.17",
            "com.amazonaws.ecs.capability.docker-remote-api.1.18",
            "com.amazonaws.ecs.capability.docker-remote-api.1.19",
            "com.amazonaws.ecs.capability.docker-remote-api.1.20",
            "com.amazonaws.ecs.capability.docker-remote-api.1.21",
            "com.amazonaws.ecs.capability.docker-remote-api.1.22",
            "com.amazonaws.ecs.capability.docker-remote-api.1.23",
            "com.amazonaws.ecs.capability.docker-remote-api.1.24",
            "com.amazonaws.ecs.capability.docker-remote-api.1.25",
            "com.amazonaws.ecs.capability.docker-remote-api.1.28",
            "com.amazonaws.ecs.capability.docker-remote-api.1.29",
            "com.amazonaws.ecs.capability.docker-remote-api.1.30",
            "com.amazonaws.ecs.capability.docker-remote-api.1.32",
            "com.amazonaws.ecs.capability.logging-driver.json-file",
            "com.amazonaws.ecs.capability.logging-driver.none",
            "ecs.capability.external");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RegistrationRequest() {}

    public record Input(String cluster, String containerInstanceArn, int cpu, int memoryMiB, List<Integer> reservedPorts,
            List<Integer> reservedUdpPorts, Map<String, String> customAttributes, String hostAddress,
            String agentVersion, String agentHash, String dockerVersion, String clientToken) {}

    /** Attributes in the order they are sent: capabilities, OS and CPU, custom, then Berth's own. */
    public static Map<String, String> attributes(Input in) {
        Map<String, String> attrs = new LinkedHashMap<>();
        CAPABILITIES.forEach(c -> attrs.put(c, null));
        attrs.put("ecs.os-type", "linux");
        attrs.put("ecs.os-family", "LINUX");
        attrs.put("ecs.cpu-architecture", cpuArchitecture(System.getProperty("os.arch")));
        attrs.putAll(in.customAttributes());
        attrs.put(HOST_ADDRESS_ATTRIBUTE, in.hostAddress());
        return attrs;
    }

    public static ObjectNode body(Input in) {
        ObjectNode body = MAPPER.createObjectNode();
        ArrayNode attributes = body.putArray("attributes");
        attributes(in).forEach((name, value) -> {
            ObjectNode a = attributes.addObject().put("name", name);
            if (value != null) a.put("value", value);
        });
        body.put("clientToken", in.clientToken());
        body.put("cluster", in.cluster());
        if (in.containerInstanceArn() != null) body.put("containerInstanceArn", in.containerInstanceArn());
        body.put("instanceIdentityDocument", "");
        body.put("instanceIdentityDocumentSignature", "");
        ArrayNode resources = body.putArray("totalResources");
        resources.addObject().put("integerValue", in.cpu()).put("name", "CPU").put("type", "INTEGER");
        resources.addObject().put("integerValue", in.memoryMiB()).put("name", "MEMORY").put("type", "INTEGER");
        stringSet(resources.addObject().put("name", "PORTS"), in.reservedPorts());
        stringSet(resources.addObject().put("name", "PORTS_UDP"), in.reservedUdpPorts());
        body.putObject("versionInfo")
                .put("agentVersion", in.agentVersion())
                .put("agentHash", in.agentHash())
                .put("dockerVersion", "DockerVersion: " + in.dockerVersion());
        return body;
    }

    private static void stringSet(ObjectNode resource, List<Integer> ports) {
        ArrayNode values = resource.putArray("stringSetValue");
        new ArrayList<>(ports).forEach(p -> values.add(String.valueOf(p)));
        resource.put("type", "STRINGSET");
    }

    static String cpuArchitecture(String osArch) {
        return switch (osArch == null ? "" : osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "arm64";
            default -> osArch;
        };
    }
}
