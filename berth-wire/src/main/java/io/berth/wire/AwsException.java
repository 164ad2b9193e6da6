package io.berth.wire;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error answered to a client in the service's own terms: the AWS error code (the exception shape
 * name, e.g. {@code ClusterNotFoundException}), a message a person can act on, and the HTTP status.
 * Throwing one from a handler guarantees nothing was written.
 */
public class AwsException extends RuntimeException {
    private final String code;
    private final int status;
    private final Map<String, Object> members;

    public AwsException(String code, String message, int status) {
        this(code, message, status, Map.of());
    }

    private AwsException(String code, String message, int status, Map<String, Object> members) {
        super(message, null, false, false);
        this.code = code;
        this.status = status;
        this.members = members;
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

    /** Members the exception's shape has beside its message (e.g. ECR's lastValidByteReceived), in the reply's body. */
    public Map<String, Object> members() {
        return members;
    }

    /** This error with the member {@code name} set to {@code value} as well. */
    public AwsException with(String name, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(members);
        m.put(name, value);
        return new AwsException(code, getMessage(), status, Collections.unmodifiableMap(m));
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
