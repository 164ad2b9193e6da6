package io.berth.server.secrets;

import io.berth.wire.AwsException;

/** Secrets Manager's exceptions, with its own wording where clients are known to match on it. */
final class SecretErrors {
    private SecretErrors() {}

    static AwsException notFound() {
        return new AwsException("ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
    }

    static AwsException valueNotFound(String what) {
        return new AwsException("ResourceNotFoundException", "Secrets Manager can't find the specified secret value for " + what + ".");
    }

    static AwsException markedForDeletion() {
        return invalidRequest("You can't perform this operation on the secret because it was marked for deletion.");
    }

    static AwsException invalidRequest(String message) {
        return new AwsException("InvalidRequestException", message);
    }

    static AwsException invalidParameter(String message) {
        return AwsException.invalidParameter(message);
    }

    static AwsException exists(String message) {
        return new AwsException("ResourceExistsException", message);
    }

    /** A ClientRequestToken that names a version holding another value. */
    static AwsException versionExists(String versionId) {
        return exists("A version with the ClientRequestToken " + versionId
                + " already exists with a different value; versions cannot change, so use a new token.");
    }
}
