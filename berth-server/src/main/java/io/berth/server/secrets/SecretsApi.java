package io.berth.server.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.server.ecs.Ops;
import io.berth.wire.api.JsonService;
import io.berth.wire.api.ModelOperations;
import io.berth.wire.api.RequestContext;
import java.util.List;

/**
 * AWS Secrets Manager over AWS JSON 1.1 ({@code X-Amz-Target: secretsmanager.<Operation>}): the
 * operations agents need for private registry credentials and the ones that manage those secrets.
 * Requests are checked against the Secrets Manager model first; operations of the model Berth
 * does not do answer InvalidRequestException naming the operation.
 */
public final class SecretsApi implements JsonService {
    private final ModelOperations<Ops.Op> ops = new ModelOperations<>("secretsmanager", "AWS Secrets Manager",
            op -> SecretErrors.invalidRequest("Berth does not support the Secrets Manager operation " + op + " yet."));

    public SecretsApi(SecretsContext ctx) {
        for (Ops group : List.of(new ValueOps(ctx), new ReadOps(ctx), new ListSecretsOp(ctx), new DeletionOps(ctx), new TagOps(ctx))) {
            group.register(ops.handlers());
        }
    }

    @Override
    public String targetPrefix() {
        return ops.targetPrefix();
    }

    @Override
    public Object call(String operation, JsonNode input, RequestContext context) {
        return ops.handler(operation, input).run(input, context);
    }
}
