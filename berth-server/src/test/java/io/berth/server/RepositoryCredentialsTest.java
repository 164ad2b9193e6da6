package io.berth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.RepositoryCredentials;

/**
 * Private registry authentication: RegisterTaskDefinition checks repositoryCredentials as ECS does,
 * and the ACS payload tells the agent to fetch the credentials from Secrets Manager ("asm").
 */
class RepositoryCredentialsTest {
    private static final String ROLE = "arn:aws:iam::000000000000:role/ecsTaskExecutionRole";
    private static final String SECRET = "arn:aws:secretsmanager:eu-west-1:000000000000:secret:registry/login-AbCdEf";
    private ServerFixture fx;

    @BeforeEach
    void start() throws Exception {
        fx = new ServerFixture();
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    private static ContainerDefinition container(String name, String image, String credentials) {
        var b = ContainerDefinition.builder().name(name).image(image).memory(32);
        if (credentials != null) b.repositoryCredentials(RepositoryCredentials.builder().credentialsParameter(credentials).build());
        return b.build();
    }

    private void register(Consumer<RegisterTaskDefinitionRequest.Builder> b) {
        fx.ecs.registerTaskDefinition(b);
    }

    @Test
    void registerTaskDefinitionChecksRepositoryCredentialsAsEcsDoes() {
        assertThatThrownBy(() -> register(b -> b.family("no-role").containerDefinitions(container("app", "registry.example:5000/app:1", "login"))))
                .isInstanceOf(ClientException.class).hasMessageContaining("requires that the task definition specify a value for executionRoleArn");
        assertThatThrownBy(() -> register(b -> b.family("ecr").executionRoleArn(ROLE)
                .containerDefinitions(container("app", "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1", "login"))))
                .isInstanceOf(ClientException.class).hasMessageContaining("not a supported authentication method for ECR repositories");
        String berth = fx.server.url().substring("http://".length());
        assertThatThrownBy(() -> register(b -> b.family("berth").executionRoleArn(ROLE)
                .containerDefinitions(container("app", berth + "/app:1", "login"))))
                .isInstanceOf(ClientException.class).hasMessageContaining("ECR repositories");
        assertThatThrownBy(() -> register(b -> b.family("ssm").executionRoleArn(ROLE)
                .containerDefinitions(container("app", "registry.example:5000/app:1", "arn:aws:ssm:us-east-1:000000000000:parameter/login"))))
                .isInstanceOf(ClientException.class).hasMessageContaining("Secrets Manager secret ARN");
        assertThatThrownBy(() -> register(b -> b.family("blank").executionRoleArn(ROLE)
                .containerDefinitions(container("app", "registry.example:5000/app:1", " "))))
                .isInstanceOf(ClientException.class).hasMessageContaining("credentialsParameter");

        register(b -> b.family("fine").executionRoleArn(ROLE).containerDefinitions(container("app", "registry.example:5000/app:1", SECRET)));
        var described = fx.ecs.describeTaskDefinition(b -> b.taskDefinition("fine")).taskDefinition();
        assertThat(described.containerDefinitions().get(0).repositoryCredentials().credentialsParameter()).isEqualTo(SECRET);
    }

    @Test
    void payloadAsksTheAgentToReadTheCredentialsFromSecretsManager() throws Exception {
        fx.ecs.createCluster(b -> b.clusterName("default"));
        FakeAgents agents = fx.agents();
        String instance = agents.registerCaptured();
        FakeAgents.Peer acs = agents.connectAcs(instance);
        acs.next("TaskManifestMessage");
        register(b -> b.family("private").executionRoleArn(ROLE).containerDefinitions(
                container("by-arn", "registry.example:5000/app:1", SECRET),
                container("by-name", "registry.example:5000/sidecar:1", "registry/login"),
                container("public", "busybox:latest", null)));
        fx.ecs.runTask(b -> b.taskDefinition("private"));

        JsonNode containers = acs.next("PayloadMessage").path("message").path("tasks").get(0).path("containers");
        JsonNode byArn = named(containers, "by-arn").path("registryAuthentication");
        assertThat(byArn.path("type").asText()).isEqualTo("asm");
        assertThat(byArn.path("asmAuthData").path("credentialsParameter").asText()).isEqualTo(SECRET);
        assertThat(byArn.path("asmAuthData").path("region").asText()).isEqualTo("eu-west-1");
        JsonNode byName = named(containers, "by-name").path("registryAuthentication").path("asmAuthData");
        assertThat(byName.path("credentialsParameter").asText()).isEqualTo("registry/login");
        assertThat(byName.path("region").asText()).isEqualTo("us-east-1");
        assertThat(named(containers, "public").has("registryAuthentication")).isFalse();
    }

    private static JsonNode named(JsonNode containers, String name) {
        for (JsonNode c : containers) if (name.equals(c.path("name").asText())) return c;
        throw new AssertionError("no container " + name + " in " + containers);
    }
}
