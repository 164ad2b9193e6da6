package io.berth.registry.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.registry.RegistryException;
import io.berth.wire.AwsException;
import io.berth.wire.api.JsonService;
import io.berth.wire.api.ModelOperations;
import io.berth.wire.api.RequestContext;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Amazon ECR over AWS JSON 1.1. Requests are checked against the ECR service model first; model
 * operations Berth does not do answer UnsupportedFeatureException. Registry refusals raised by the
 * shared image code come out under ECR's exception names.
 */
public final class EcrApi implements JsonService {
    private final ModelOperations<Function<JsonNode, Object>> ops = new ModelOperations<>("ecr", "Amazon ECR",
            op -> new AwsException("UnsupportedFeatureException", "Berth does not support the ECR operation " + op + " yet."));

    public EcrApi(EcrContext ctx) {
        new RepositoryOps(ctx).register(ops.handlers());
        new ImageOps(ctx).register(ops.handlers());
        new LayerOps(ctx).register(ops.handlers());
        new PolicyOps(ctx).register(ops.handlers());
        new LifecycleOps(ctx).register(ops.handlers());
    }

    /** How an operation group adds its handlers. */
    interface Group {
        void register(Map<String, Function<JsonNode, Object>> ops);
    }

    @Override
    public String targetPrefix() {
        return ops.targetPrefix();
    }

    public Set<String> implemented() {
        return ops.implemented();
    }

    @Override
    public Object call(String operation, JsonNode input, RequestContext context) {
        var op = ops.handler(operation, input);
        try {
            return op.apply(input);
        } catch (RegistryException e) {
            throw e.toAws();
        }
    }

    static List<String> strings(JsonNode arr) {
        List<String> out = new java.util.ArrayList<>();
        if (arr != null && arr.isArray()) arr.forEach(n -> out.add(n.asText()));
        return out;
    }
}
