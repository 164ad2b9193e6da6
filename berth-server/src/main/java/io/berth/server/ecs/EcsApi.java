package io.berth.server.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.wire.AwsException;
import io.berth.wire.api.JsonService;
import io.berth.wire.api.ModelOperations;
import io.berth.wire.api.RequestContext;
import java.util.List;

/**
 * Amazon ECS over AWS JSON 1.1. Every request is checked against the ECS service model before its
 * handler runs; operations the model has that Berth does not do yet answer UnsupportedFeatureException.
 */
public final class EcsApi implements JsonService {
    private final ModelOperations<Ops.Op> ops = new ModelOperations<>("ecs", "Amazon ECS",
            op -> new AwsException("UnsupportedFeatureException", "Berth does not support the ECS operation " + op + " yet."));

    public EcsApi(EcsContext ctx) {
        for (Ops group : List.of(new ClusterOps(ctx), new TaskDefinitionOps(ctx), new ContainerInstanceOps(ctx),
                new TaskOps(ctx), new AttributeOps(ctx), new Tagging(ctx), new AccountSettingOps(ctx), new AgentOps(ctx),
                new io.berth.server.service.ServiceOps(ctx), new io.berth.server.service.ProtectionOps(ctx),
                new io.berth.server.service.DeploymentOps(ctx))) {
            group.register(ops.handlers());
        }
    }

    @Override
    public String targetPrefix() {
        return ops.targetPrefix();
    }

    /** The operations Berth implements. */
    public java.util.Set<String> implemented() {
        return ops.implemented();
    }

    @Override
    public Object call(String operation, JsonNode input, RequestContext context) {
        return ops.handler(operation, input).run(input, context);
    }
}
