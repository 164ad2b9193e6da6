package io.berth.wire.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.wire.AwsException;
import io.berth.wire.model.InputValidator;
import io.berth.wire.model.ServiceModel;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The operations of one AWS JSON service: handlers by operation name, and the service model that
 * checks every request before its handler runs. An operation the model has and Berth does not do
 * gets the service's own "not supported" error; one the model lacks is unknown. Handlers are
 * registered at construction; lookups are thread-safe after that.
 *
 * @param <H> the handler type of the service
 */
public final class ModelOperations<H> {
    private final ServiceModel model;
    private final InputValidator validator;
    private final String serviceName;
    private final Function<String, AwsException> unsupported;
    private final Map<String, H> handlers = new HashMap<>();

    /**
     * @param modelName   the model under {@code io/berth/wire/models/}, e.g. "ecs"
     * @param serviceName how errors name the service, e.g. "Amazon ECS"
     * @param unsupported the error for an operation of the model without a handler, given its name
     */
    public ModelOperations(String modelName, String serviceName, Function<String, AwsException> unsupported) {
        this.model = ServiceModel.load(modelName);
        this.validator = new InputValidator(model);
        this.serviceName = serviceName;
        this.unsupported = unsupported;
    }

    /** The handler map, for operation groups to register into while the service is built. */
    public Map<String, H> handlers() {
        return handlers;
    }

    public String targetPrefix() {
        return model.targetPrefix();
    }

    /** The operations Berth implements. */
    public Set<String> implemented() {
        return Set.copyOf(handlers.keySet());
    }

    /** The handler of {@code operation}, once {@code input} has passed the model's checks. */
    public H handler(String operation, JsonNode input) {
        H h = handlers.get(operation);
        if (h == null) {
            if (model.hasOperation(operation)) throw unsupported.apply(operation);
            throw new AwsException("UnknownOperationException", "Unknown operation " + operation + " for " + serviceName + ".");
        }
        validator.validate(operation, input);
        return h;
    }
}
