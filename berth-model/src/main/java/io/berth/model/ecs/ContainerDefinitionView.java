package io.berth.model.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Read access to the members of one container definition that Berth acts on. */
public record ContainerDefinitionView(JsonNode node) {
    public String name() {
        return node.path("name").asText();
    }

    public String image() {
        return node.path("image").asText();
    }

    public int cpu() {
        return node.path("cpu").asInt(0);
    }

    /** Hard memory limit in MiB, or 0 when only a reservation is set. */
    public int memory() {
        return node.path("memory").asInt(0);
    }

    public int memoryReservation() {
        return node.path("memoryReservation").asInt(0);
    }

    public boolean essential() {
        return node.path("essential").asBoolean(true);
    }

    public List<PortMapping> portMappings() {
        List<PortMapping> out = new ArrayList<>();
        for (JsonNode p : node.path("portMappings")) {
            out.add(new PortMapping(p.path("containerPort").asInt(0),
                    p.hasNonNull("hostPort") ? p.get("hostPort").asInt() : null,
                    p.path("protocol").asText("tcp")));
        }
        return out;
    }

    public record PortMapping(int containerPort, Integer hostPort, String protocol) {}
}
