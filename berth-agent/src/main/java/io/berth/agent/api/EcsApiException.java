package io.berth.agent.api;

/**
 * A failed ECS API call. {@link #retryable()} is true for transport errors, throttling and 5xx,
 * false for errors the server gave for the request itself (4xx), which a retry would not fix.
 */
public final class EcsApiException extends Exception {
    private final String errorType;
    private final int status;

    public EcsApiException(String errorType, String message, int status, Throwable cause) {
        super(errorType + ": " + message, cause);
        this.errorType = errorType;
        this.status = status;
    }

    /** e.g. {@code ClusterNotFoundException}; {@code TransportError} when no answer came. */
    public String errorType() {
        return errorType;
    }

    /** HTTP status, 0 when no answer came. */
    public int status() {
        return status;
    }

    public boolean retryable() {
        return status == 0 || status >= 500 || status == 429 || errorType.contains("Throttling");
    }
}
