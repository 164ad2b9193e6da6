package io.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskStopCode;

/**
 * Berth's registry with the real docker CLI and aws CLI v2: login with an ECR token, push a
 * multi-layer image built here, pull it back, mount its layers into a second repository, delete by
 * tag and digest, immutable tags, a lifecycle policy, and tasks pulling from the registry.
 * Only loopback is contacted; every image this test makes is removed at the end.
 */
class RegistryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static Harness h;
    static Shell sh;
    static String registry;
    static Path dockerConfig;
    static final List<String> images = new ArrayList<>();
    static final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void start() throws Exception {
        h = new Harness("registry").startServer();
        h.ecs().createCluster(b -> b.clusterName("registry"));
        registry = h.url().substring("http://".length());
        dockerConfig = Files.createTempDirectory("berth-docker-config");
        sh = new Shell(h.url(), dockerConfig);
        String password = sh.ecr("get-login-password");
        Shell.Result login = sh.withInput(password, "docker", "login", "--username", "AWS", "--password-stdin", registry);
        assertThat(login.exit()).as(login.out()).isZero();
    }

    @AfterAll
    static void stop() throws Exception {
        for (String i : images) sh.run("docker", "rmi", "-f", i);
        // images that lost their tag to a later push still carry this registry's repo digests
        for (String pattern : List.of(registry + "/*", registry + "/*/*")) {
            for (String id : sh.run("docker", "images", "-q", "--filter", "reference=" + pattern).out().split("\\s+")) {
                if (!id.isBlank()) sh.run("docker", "rmi", "-f", id);
            }
        }
        sh.run("docker", "logout", registry);
        h.close();
        try (var files = Files.walk(dockerConfig)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    /** Builds a three-layer image from the local busybox image and random files; returns its local name. */
    static String buildImage(String name) throws Exception {
        Path dir = Files.createTempDirectory("berth-ecr-image");
        byte[] data = new byte[300_000];
        new java.util.Random().nextBytes(data);
        Files.write(dir.resolve("data.bin"), data);
        Files.writeString(dir.resolve("Dockerfile"), "FROM " + Docker.BUSYBOX + "\nCOPY data.bin /data.bin\n"
                + "RUN head -c 200000 /dev/urandom > /more.bin\nCMD [\"sh\",\"-c\",\"echo from-berth-registry; sleep 300\"]\n");
        String tag = "berth-ecr-e2e/" + name + ":" + run;
        sh.ok("docker", "build", "-q", "-t", tag, dir.toString());
        images.add(tag);
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
        return tag;
    }

    static String tagAndPush(String local, String remote) {
        sh.ok("docker", "tag", local, remote);
        images.add(remote);
        return sh.ok("docker", "push", remote);
    }

    static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    @Test
    void pushPullMountDeleteAndImmutableTagsWithDockerAndTheAwsCli() throws Exception {
        JsonNode repo = json(sh.ecr("create-repository", "--repository-name", "e2e/app")).path("repository");
        assertThat(repo.path("repositoryUri").asText()).isEqualTo(registry + "/e2e/app");
        String local = buildImage("app");
        String remote = registry + "/e2e/app:v1";
        String pushed = tagAndPush(local, remote);
        assertThat(pushed).contains("Pushed").contains("v1: digest: sha256:");
        String digest = pushed.replaceAll("(?s).*digest: (sha256:[0-9a-f]{64}).*", "$1");

        sh.ok("docker", "rmi", remote, local);
        assertThat(sh.run("docker", "image", "inspect", remote).exit()).isNotZero();
        assertThat(sh.ok("docker", "pull", remote)).contains("Downloaded newer image");
        assertThat(sh.ok("docker", "run", "--rm", remote, "sh", "-c", "wc -c < /data.bin")).isEqualTo("300000");

        // the same layers into a second repository: docker mounts them instead of uploading
        sh.ecr("create-repository", "--repository-name", "e2e/copy");
        String second = tagAndPush(remote, registry + "/e2e/copy:v1");
        assertThat(second).contains("Mounted from e2e/app");
        assertThat(second).contains(digest);

        JsonNode described = json(sh.ecr("describe-images", "--repository-name", "e2e/app")).path("imageDetails").get(0);
        assertThat(described.path("imageDigest").asText()).isEqualTo(digest);
        assertThat(described.path("imageTags").get(0).asText()).isEqualTo("v1");
        assertThat(described.path("imageSizeInBytes").asLong()).isGreaterThan(500_000);

        // delete by tag (the last tag, so the image goes too), then by digest in the other repository
        JsonNode byTag = json(sh.ecr("batch-delete-image", "--repository-name", "e2e/app", "--image-ids", "imageTag=v1"));
        assertThat(byTag.path("imageIds").get(0).path("imageDigest").asText()).isEqualTo(digest);
        assertThat(json(sh.ecr("list-images", "--repository-name", "e2e/app")).path("imageIds")).isEmpty();
        JsonNode byDigest = json(sh.ecr("batch-delete-image", "--repository-name", "e2e/copy", "--image-ids", "imageDigest=" + digest));
        assertThat(byDigest.path("failures")).isEmpty();
        assertThat(sh.run("docker", "pull", registry + "/e2e/copy:v1").out()).contains("not found");

        // immutable tags: the same tag cannot move to another image, also not through docker push
        sh.ecr("put-image-tag-mutability", "--repository-name", "e2e/app", "--image-tag-mutability", "IMMUTABLE");
        tagAndPush(remote, registry + "/e2e/app:stable");
        String other = buildImage("other");
        sh.ok("docker", "tag", other, registry + "/e2e/app:stable");
        Shell.Result refused = sh.run("docker", "push", registry + "/e2e/app:stable");
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.out()).contains("tag invalid").contains("immutable");
    }

    @Test
    void lifecyclePolicyExpiresUntaggedImages() throws Exception {
        sh.ecr("create-repository", "--repository-name", "e2e/life");
        String policy = "{\"rules\":[{\"rulePriority\":1,\"selection\":{\"tagStatus\":\"untagged\",\"countType\":\"imageCountMoreThan\","
                + "\"countNumber\":1},\"action\":{\"type\":\"expire\"}}]}";
        sh.ecr("put-lifecycle-policy", "--repository-name", "e2e/life", "--lifecycle-policy-text", policy);
        List<String> digests = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String out = tagAndPush(buildImage("life" + i), registry + "/e2e/life:latest");
            digests.add(out.replaceAll("(?s).*digest: (sha256:[0-9a-f]{64}).*", "$1"));
        }
        // three pushes of :latest leave two untagged images; the policy keeps the newest untagged one
        JsonNode all = json(sh.ecr("describe-images", "--repository-name", "e2e/life")).path("imageDetails");
        List<String> left = new ArrayList<>();
        all.forEach(d -> left.add(d.path("imageDigest").asText()));
        assertThat(left).containsExactlyInAnyOrder(digests.get(1), digests.get(2));
        JsonNode untagged = json(sh.ecr("list-images", "--repository-name", "e2e/life", "--filter", "tagStatus=UNTAGGED")).path("imageIds");
        assertThat(untagged).hasSize(1);
        assertThat(json(sh.ecr("get-lifecycle-policy", "--repository-name", "e2e/life")).path("lifecyclePolicyText").asText()).isEqualTo(policy);
    }

    @Test
    void taskWithAnImageOnlyInBerthsRegistryRunsAndAMissingOneCannotBePulled() throws Exception {
        h.startAgent(1);
        sh.ecr("create-repository", "--repository-name", "e2e/task");
        String remote = registry + "/e2e/task:v1";
        tagAndPush(buildImage("task"), remote);
        sh.ok("docker", "rmi", remote);
        var ecs = h.ecs();
        ecs.registerTaskDefinition(b -> b.family("from-registry").containerDefinitions(ContainerDefinition.builder()
                .name("app").image(remote).memory(32).essential(true).build()));
        String arn = ecs.runTask(b -> b.cluster("registry").taskDefinition("from-registry")).tasks().get(0).taskArn();
        Task t = Await.until(arn + " RUNNING", Duration.ofSeconds(90),
                () -> ecs.describeTasks(b -> b.cluster("registry").tasks(arn)).tasks().get(0),
                x -> "RUNNING".equals(x.lastStatus()) || "STOPPED".equals(x.lastStatus()));
        assertThat(t.lastStatus()).as(String.valueOf(t.stoppedReason())).isEqualTo("RUNNING");
        ecs.stopTask(b -> b.cluster("registry").task(arn));

        for (String missing : List.of(registry + "/e2e/task:no-such-tag", registry + "/e2e/no-such-repo:v1")) {
            String family = "missing-" + Math.abs(missing.hashCode());
            ecs.registerTaskDefinition(b -> b.family(family).containerDefinitions(ContainerDefinition.builder()
                    .name("app").image(missing).memory(32).build()));
            String bad = ecs.runTask(b -> b.cluster("registry").taskDefinition(family)).tasks().get(0).taskArn();
            Task stopped = Await.until(bad + " STOPPED", Duration.ofSeconds(60),
                    () -> ecs.describeTasks(b -> b.cluster("registry").tasks(bad)).tasks().get(0), x -> "STOPPED".equals(x.lastStatus()));
            assertThat(stopped.stopCode()).isEqualTo(TaskStopCode.TASK_FAILED_TO_START);
            assertThat(stopped.stoppedReason()).startsWith("CannotPullContainerError");
        }
    }
}
