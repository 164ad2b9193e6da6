package io.berth.server.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.wire.AwsException;
import java.net.URI;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * What RegisterTaskDefinition checks of a container's {@code repositoryCredentials} (private
 * registry authentication through Secrets Manager), as ECS does: a credentialsParameter that is a
 * secret's name or ARN, an executionRoleArn on the task definition, and no such credentials for
 * images in ECR, which Berth's own registry stands in for (agents get their tokens themselves).
 */
final class RepositoryCredentialsCheck {
    private static final Pattern SECRET_ARN = Pattern.compile("arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:.+");
    private static final Pattern ECR_HOST = Pattern.compile("\\d{12}\\.dkr\\.ecr(-fips)?\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?");

    private RepositoryCredentialsCheck() {}

    /** @param baseUrl the server's base URL, whose host:port is Berth's own registry */
    static void validate(JsonNode taskDefinition, Supplier<String> baseUrl) {
        for (JsonNode c : taskDefinition.path("containerDefinitions")) {
            if (!c.hasNonNull("repositoryCredentials")) continue;
            String name = c.path("name").asText();
            String parameter = c.path("repositoryCredentials").path("credentialsParameter").asText("").strip();
            if (parameter.isEmpty()) {
                throw AwsException.client("repositoryCredentials.credentialsParameter of container '" + name + "' must name a Secrets Manager secret.");
            }
            if (parameter.startsWith("arn:") && !SECRET_ARN.matcher(parameter).matches()) {
                throw AwsException.client("repositoryCredentials.credentialsParameter of container '" + name
                        + "' must be a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>) or name, not " + parameter);
            }
            if (taskDefinition.path("executionRoleArn").asText("").isBlank()) {
                throw AwsException.client("Private repository authentication requires that the task definition specify a value for executionRoleArn.");
            }
            String registry = registryOf(c.path("image").asText(""));
            if (ECR_HOST.matcher(registry).matches() || registry.equals(authority(baseUrl.get()))) {
                throw AwsException.client("Private repository credentials are not a supported authentication method for ECR repositories"
                        + " (container '" + name + "' pulls from " + registry + ").");
            }
        }
    }

    private static String authority(String url) {
        return url == null ? null : URI.create(url).getAuthority();
    }

    /** The registry host of an image reference, as docker reads it ({@code docker.io} when it names none). */
    static String registryOf(String image) {
        int slash = image.indexOf('/');
        if (slash < 0) return "docker.io";
        String first = image.substring(0, slash);
        return first.contains(".") || first.contains(":") || first.equals("localhost") ? first : "docker.io";
    }
}
