package io.berth.registry;

/**
 * The OCI distribution spec's error codes, each with the HTTP status the registry answers and the
 * ECR exception name the same failure has on the ECR API.
 */
public enum ErrorCode {
    BLOB_UNKNOWN(404, "LayersNotFoundException"),
    BLOB_UPLOAD_INVALID(400, "InvalidLayerPartException"),
    BLOB_UPLOAD_UNKNOWN(404, "UploadNotFoundException"),
    DIGEST_INVALID(400, "InvalidLayerException"),
    MANIFEST_BLOB_UNKNOWN(404, "LayersNotFoundException"),
    MANIFEST_INVALID(400, "InvalidParameterException"),
    MANIFEST_UNKNOWN(404, "ImageNotFoundException"),
    NAME_INVALID(400, "InvalidParameterException"),
    NAME_UNKNOWN(404, "RepositoryNotFoundException"),
    SIZE_INVALID(400, "InvalidLayerException"),
    UNAUTHORIZED(401, "AccessDeniedException"),
    DENIED(403, "AccessDeniedException"),
    UNSUPPORTED(415, "UnsupportedImageTypeException"),
    TAG_INVALID(400, "InvalidParameterException"),
    TOOMANYREQUESTS(429, "LimitExceededException");

    private final int status;
    private final String ecrName;

    ErrorCode(int status, String ecrName) {
        this.status = status;
        this.ecrName = ecrName;
    }

    public int status() {
        return status;
    }

    public String ecrName() {
        return ecrName;
    }
}
