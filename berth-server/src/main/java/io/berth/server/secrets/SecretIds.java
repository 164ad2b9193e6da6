package io.berth.server.secrets;

import io.berth.server.state.Keys;
import io.berth.server.state.State;
import java.util.Optional;

/**
 * Finds the secret a {@code SecretId} names: a name, a full ARN, or a partial ARN (the ARN
 * without the random suffix), as Secrets Manager accepts all three. ARNs of another region or
 * account name nothing here.
 */
final class SecretIds {
    private SecretIds() {}

    static Optional<Secret> find(State state, SecretArns arns, String secretId) {
        if (!secretId.startsWith("arn:")) return state.get(Keys.secret(secretId), Secret.class);
        Optional<String> resource = arns.resource(secretId);
        if (resource.isEmpty()) return Optional.empty();
        Optional<Secret> full = SecretArns.withoutSuffix(resource.get())
                .flatMap(name -> state.get(Keys.secret(name), Secret.class))
                .filter(s -> s.arn().equals(secretId));
        return full.isPresent() ? full : state.get(Keys.secret(resource.get()), Secret.class);
    }

    /** The secret, or ResourceNotFoundException. */
    static Secret require(State state, SecretArns arns, String secretId) {
        return find(state, arns, secretId).orElseThrow(SecretErrors::notFound);
    }

    /** The secret if it is not scheduled for deletion; InvalidRequestException if it is. */
    static Secret requireLive(State state, SecretArns arns, String secretId) {
        Secret s = require(state, arns, secretId);
        if (s.deleted()) throw SecretErrors.markedForDeletion();
        return s;
    }
}
