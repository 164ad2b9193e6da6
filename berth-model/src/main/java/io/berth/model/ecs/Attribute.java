package io.berth.model.ecs;

import com.fasterxml.jackson.annotation.JsonInclude;

/** An attribute of a container instance: a name with an optional value. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Attribute(String name, String value, String targetType, String targetId) {
    public static Attribute of(String name, String value) {
        return new Attribute(name, value, null, null);
    }

    /** The attribute as stored on its instance: no target members. */
    public Attribute bare() {
        return new Attribute(name, value, null, null);
    }
}
