package io.berth.model.ecs;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A registered task definition, kept as the ECS {@code TaskDefinition} document itself so that every
 * member a user registered comes back unchanged from DescribeTaskDefinition. Accessors read the few
 * members Berth acts on. Never mutate {@link #doc()}; make a new one with {@link #with}.
 */
public record TaskDefinition(ObjectNode doc) {

    @JsonCreator
    public TaskDefinition {
        if (doc == null || !doc.path("family").isTextual()) throw new IllegalArgumentException("task definition has no family");
    }

    @JsonValue
    public ObjectNode doc() {
        return doc;
    }

    public String arn() {
        return doc.path("taskDefinitionArn").asText();
    }

    public String family() {
        return doc.path("family").asText();
    }

    public int revision() {
        return doc.path("revision").asInt();
    }

    public String status() {
        return doc.path("status").asText("ACTIVE");
    }

    public String networkMode() {
        return doc.path("networkMode").asText("bridge");
    }

    public boolean isActive() {
        return "ACTIVE".equals(status());
    }

    public List<ContainerDefinitionView> containers() {
        List<ContainerDefinitionView> out = new ArrayList<>();
        for (JsonNode c : doc.path("containerDefinitions")) out.add(new ContainerDefinitionView(c));
        return out;
    }

    /** A copy with {@code member} set to {@code value}. */
    public TaskDefinition with(String member, JsonNode value) {
        ObjectNode copy = doc.deepCopy();
        copy.set(member, value);
        return new TaskDefinition(copy);
    }

    public List<Tag> tags() {
        List<Tag> out = new ArrayList<>();
        for (JsonNode t : doc.path("tags")) out.add(new Tag(t.path("key").asText(), t.path("value").asText()));
        return out;
    }
}
