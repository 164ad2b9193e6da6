package io.berth.model.ecs;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** A registered or remaining resource of a container instance (CPU, MEMORY, PORTS, PORTS_UDP, GPU). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Resource(String name, String type, Double doubleValue, Long longValue, Integer integerValue,
                       List<String> stringSetValue) {
    public static Resource integer(String name, int value) {
        return new Resource(name, "INTEGER", 0.0, 0L, value, null);
    }

    public static Resource stringSet(String name, List<String> values) {
        return new Resource(name, "STRINGSET", 0.0, 0L, 0, List.copyOf(values));
    }
}
