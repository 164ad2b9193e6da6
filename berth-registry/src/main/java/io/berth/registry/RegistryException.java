package io.berth.registry;

import io.berth.wire.AwsException;

/**
 * A request the registry refuses, in the OCI spec's terms (code, message, optional detail) with the
 * HTTP status to answer. Thrown before anything is written, so nothing is half-stored. {@code ecrName}
 * names the ECR exception when the same failure reaches the ECR API.
 */
public final class RegistryException extends RuntimeException {
    private final ErrorCode code;
    private final int status;
    private final String ecrName;
    private final Object detail;

    public RegistryException(ErrorCode code, String message) {
        this(code, code.status(), code.ecrName(), message, null);
    }

    public RegistryException(ErrorCode code, int status, String ecrName, String message, Object detail) {
        super(message, null, false, false);
        this.code = code;
        this.status = status;
        this.ecrName = ecrName;
        this.detail = detail;
    }

    public ErrorCode code() {
        return code;
    }

    public int status() {
        return status;
    }

    public Object detail() {
        return detail;
    }

    /** The ECR exception the same failure is on the ECR API. */
    public String ecrName() {
        return ecrName;
    }

    /** The same refusal as an ECR API error. */
    public AwsException toAws() {
        return new AwsException(ecrName, getMessage());
    }
}
