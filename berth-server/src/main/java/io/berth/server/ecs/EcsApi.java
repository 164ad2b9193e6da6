package io.berth.server.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.wire.api.JsonService;
import io.berth.wire.api.RequestContext;
import io.berth.wire.AwsException;
import io.berth.wire.model.InputValidator;
import io.berth.wire.model.ServiceModel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Amazon ECS over AWS JSON 1.1. Every request is checked against the ECS service model before its
 * handler runs; operations the model has that Berth does not do yet answer UnsupportedFeatureException.
 */
public final class EcsApi implements JsonService {
    private final ServiceModel model = ServiceModel.load("ecs");
    private final InputValidator validator = new InputValidator(model);
    private final Map<String, Ops.Op> ops = new HashMap<>();

    public EcsApi(EcsContext ctx) {
        for (Ops group : List.of(new ClusterOps(ctx), new TaskDefinitionOps(ctx), new ContainerInstanceOps(ctx),
                new TaskOps(ctx), new AttributeOps(ctx), new Tagging(ctx), new AccountSettingOps(ctx), new AgentOps(ctx),
                new io.berth.server.service.ServiceOps(ctx), new io.berth.server.service.ProtectionOps(ctx),
                new io.berth.server.service.DeploymentOps(ctx))) {
            group.register(ops);
        }
    }

    @Override
    public String targetPrefix() {
        return model.targetPrefix();
    }

    /** The operations Berth implements. */
    public java.util.Set<String> implemented() {
        return java.util.Set.copyOf(ops.keySet());
    }

    @Override
    public Object call(String operation, JsonNode input, RequestContext context) {
        Ops.Op op = ops.get(operation);
        if (op == null) {
            if (model.hasOperation(operation)) {
                throw new AwsException("UnsupportedFeatureException", "Berth does not support the ECS operation " + operation + " yet.");
            }
            throw new AwsException("UnknownOperationException", "Unknown operation " + operation + " for Amazon ECS.");
        }
        validator.validate(operation, input);
        return op.run(input, context);
    }
}
