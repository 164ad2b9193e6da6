package io.berth.server.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.wire.Json;

/**
 * A container's {@code registryAuthentication} in an ACS payload, as the ECS backend sends it for a
 * task definition's {@code repositoryCredentials}: type {@code asm}, with the secret as given (ARN
 * or name) and the region to ask Secrets Manager in (the ARN's, else the task's).
 */
final class RegistryAuthentication {
    private RegistryAuthentication() {}

    /** The payload member for container definition {@code c}, or null when it names no credentials. */
    static JsonNode of(JsonNode c, String taskArn) {
        String parameter = c.path("repositoryCredentials").path("credentialsParameter").asText("");
        if (parameter.isBlank()) return null;
        ObjectNode auth = Json.object().put("type", "asm");
        auth.putObject("asmAuthData").put("credentialsParameter", parameter).put("region", region(parameter, taskArn));
        return auth;
    }

    private static String region(String parameter, String taskArn) {
        String[] arn = (parameter.startsWith("arn:") ? parameter : taskArn).split(":", 6);
        return arn.length == 6 ? arn[3] : "";
    }
}
