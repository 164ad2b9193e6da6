package io.berth.wire.api;

import com.fasterxml.jackson.databind.JsonNode;

/** A service spoken over AWS JSON 1.1, found by its {@code X-Amz-Target} prefix. */
public interface JsonService {
    /** The target prefix, e.g. {@code AmazonEC2ContainerServiceV20141113}. */
    String targetPrefix();

    /**
     * Runs one operation. Called on a request (virtual) thread; may block. Throws
     * {@link io.berth.wire.AwsException} for anything the client should hear about.
     */
    Object call(String operation, JsonNode input, RequestContext context);
}
