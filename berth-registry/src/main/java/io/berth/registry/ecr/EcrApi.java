package io.berth.registry.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.registry.RegistryException;
import io.berth.wire.AwsException;
import io.berth.wire.api.JsonService;
import io.berth.wire.api.RequestContext;
import io.berth.wire.model.InputValidator;
import io.berth.wire.model.ServiceModel;
import java.util.HashMap;
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
    private final ServiceModel model = ServiceModel.load("ecr");
    private final InputValidator validator = new InputValidator(model);
    private final Map<String, Function<JsonNode, Object>> ops = new HashMap<>();

    public EcrApi(EcrContext ctx) {
        new RepositoryOps(ctx).register(ops);
        new ImageOps(ctx).register(ops);
        new LayerOps(ctx).register(ops);
        new PolicyOps(ctx).register(ops);
        new LifecycleOps(ctx).register(ops);
    }

    /** How an operation group adds its handlers. */
    interface Group {
        void register(Map<String, Function<JsonNode, Object>> ops);
    }

    @Override
    public String targetPrefix() {
        return model.targetPrefix();
    }

    public Set<String> implemented() {
        return Set.copyOf(ops.keySet());
    }

    @Override
    public Object call(String operation, JsonNode input, RequestContext context) {
        var op = ops.get(operation);
        if (op == null) {
            if (model.hasOperation(operation)) {
                throw new AwsException("UnsupportedFeatureException", "Berth does not support the ECR operation " + operation + " yet.");
            }
            throw new AwsException("UnknownOperationException", "Unknown operation " + operation + " for Amazon ECR.");
        }
        validator.validate(operation, input);
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
