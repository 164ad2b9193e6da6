package io.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.agent.engine.PullBehavior;
import io.berth.wire.Json;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.RepositoryCredentials;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskStopCode;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * A task whose image lives in another private registry (a second Berth on its own loopback port
 * and data directory, standing in for any registry that wants a login) runs only with
 * repositoryCredentials: the agent reads the login from Secrets Manager on the main server and hands
 * it to Docker. Without credentials, or with a wrong password, the pull fails as ECS reports it.
 * The image is removed locally before each run and the agent always pulls, so every run pulls.
 */
class PrivateRegistryTest {
    private static final String CLUSTER = "private-registry";
    private static final String ROLE = "arn:aws:iam::000000000000:role/ecsTaskExecutionRole";
    static Harness main;
    static Harness other;
    static Shell otherShell;
    static Path dockerConfig;
    static String image;
    static String password;
    static SecretsManagerClient sm;

    @BeforeAll
    static void start() throws Exception {
        other = new Harness("private-registry-other").startServer();
        main = new Harness(CLUSTER).startServer();
        dockerConfig = Files.createTempDirectory("berth-docker-config");
        otherShell = new Shell(other.url(), dockerConfig);
        String host = other.url().substring("http://".length());
        otherShell.ecr("create-repository", "--repository-name", "private/busybox");
        password = otherShell.ecr("get-login-password");
        Shell.Result login = otherShell.withInput(password, "docker", "login", "--username", "AWS", "--password-stdin", host);
        assertThat(login.exit()).as(login.out()).isZero();
        image = host + "/private/busybox:latest";
        otherShell.ok("docker", "tag", Docker.BUSYBOX, image);
        otherShell.ok("docker", "push", image);
        otherShell.ok("docker", "logout", host); // the login served the push only: pulls must bring their own
        main.ecs().createCluster(b -> b.clusterName(CLUSTER));
        main.startAgent(1, b -> b.imagePullBehavior(PullBehavior.ALWAYS));
        sm = SecretsManagerClient.builder().endpointOverride(URI.create(main.url())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("berth", "berth"))).build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (sm != null) sm.close();
        if (main != null) main.close();
        if (other != null) other.close();
        if (image != null) otherShell.run("docker", "rmi", "-f", image);
        try (var files = Files.walk(dockerConfig)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    private static String login(String user, String pass) {
        return Json.object().put("username", user).put("password", pass).toString();
    }

    /** Runs a task of {@code image} with the given credentials secret (or none) after removing the image locally. */
    private static Task run(String family, String secretArn) {
        otherShell.run("docker", "rmi", "-f", image);
        assertThat(otherShell.run("docker", "image", "inspect", image).exit()).as("image removed before the run").isNotZero();
        ContainerDefinition.Builder c = ContainerDefinition.builder().name("app").image(image).memory(32).stopTimeout(1).command("sleep", "300");
        if (secretArn != null) c.repositoryCredentials(RepositoryCredentials.builder().credentialsParameter(secretArn).build());
        var ecs = main.ecs();
        ecs.registerTaskDefinition(b -> b.family(family).executionRoleArn(ROLE).containerDefinitions(c.build()));
        String arn = ecs.runTask(b -> b.cluster(CLUSTER).taskDefinition(family)).tasks().get(0).taskArn();
        return Await.until(arn + " RUNNING or STOPPED", Duration.ofSeconds(90),
                () -> ecs.describeTasks(b -> b.cluster(CLUSTER).tasks(arn)).tasks().get(0),
                t -> "RUNNING".equals(t.lastStatus()) || "STOPPED".equals(t.lastStatus()));
    }

    @Test
    void withRepositoryCredentialsTheImageIsPulledFromThePrivateRegistryAndTheTaskRuns() {
        String secret = sm.createSecret(b -> b.name("registry/other").secretString(login("AWS", password))).arn();
        Task t = run("private-with-credentials", secret);
        assertThat(t.lastStatus()).as(String.valueOf(t.stoppedReason())).isEqualTo("RUNNING");
        assertThat(otherShell.run("docker", "image", "inspect", image).exit()).as("pulled again").isZero();
        assertThat(sm.describeSecret(b -> b.secretId(secret)).lastAccessedDate()).as("the agent read the secret").isNotNull();
        main.ecs().stopTask(b -> b.cluster(CLUSTER).task(t.taskArn()));
    }

    @Test
    void withoutCredentialsOrWithAWrongPasswordThePullFails() {
        Task anonymous = run("private-without-credentials", null);
        assertCannotPull(anonymous);

        String wrong = sm.createSecret(b -> b.name("registry/wrong").secretString(login("AWS", "v1.000000000000.9999999999.forged"))).arn();
        assertCannotPull(run("private-wrong-password", wrong));
    }

    private static void assertCannotPull(Task t) {
        assertThat(t.lastStatus()).isEqualTo("STOPPED");
        assertThat(t.stopCode()).isEqualTo(TaskStopCode.TASK_FAILED_TO_START);
        assertThat(t.stoppedReason()).startsWith("CannotPullContainerError");
    }
}
