package io.berth.wire;

/**
 * An error answered to a client in the service's own terms: the AWS error code (the exception shape
 * name, e.g. {@code ClusterNotFoundException}), a message a person can act on, and the HTTP status.
 * Throwing one from a handler guarantees nothing was written.
 */
public class AwsException extends RuntimeException {
    private final String code;
    private final int status;

    public AwsException(String code, String message, int status) {
        super(message, null, false, false);
        this.code = code;
        this.status = status;
    }

    public AwsException(String code, String message) {
        this(code, message, 400);
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    public static AwsException invalidParameter(String message) {
        return new AwsException("InvalidParameterException", message);
    }

    public static AwsException client(String message) {
        return new AwsException("ClientException", message);
    }

    public static AwsException serialization(String message) {
        return new AwsException("SerializationException", message);
    }

    public static AwsException server(String message) {
        return new AwsException("ServerException", message, 500);
    }
}
