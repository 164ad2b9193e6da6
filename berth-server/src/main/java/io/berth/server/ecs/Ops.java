package io.berth.server.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.wire.api.RequestContext;
import java.util.Map;

/** A group of ECS operations that registers its handlers by operation name. */
public interface Ops {
    /** One operation: validated input in, output record or JSON out. */
    @FunctionalInterface
    interface Op {
        Object run(JsonNode input, RequestContext request);
    }

    void register(Map<String, Op> ops);
}
