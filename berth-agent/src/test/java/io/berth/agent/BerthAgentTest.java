package io.berth.agent;

import static io.berth.agent.testing.Tasks.container;
import static io.berth.agent.testing.Tasks.port;
import static io.berth.agent.testing.Tasks.task;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.agent.state.StateFile;
import io.berth.agent.testing.Await;
import io.berth.agent.testing.FakeControlPlane;
import io.berth.agent.testing.FakeRuntime;
import io.berth.agent.testing.Tasks;
import io.berth.wire.acs.AcsTask;
import io.berth.wire.acs.IamRoleCredentials;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent against a fake control plane, on the in-memory runtime: the protocol, end to end. */
class BerthAgentTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String IMAGE = "berth-test/busybox:latest";

    @TempDir Path dataDir;
    private final FakeControlPlane plane = new FakeControlPlane();
    private final FakeRuntime runtime = new FakeRuntime();
    private final List<BerthAgent> agents = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        plane.start();
        runtime.images.add(IMAGE);
    }

    @AfterEach
    void tearDown() throws Exception {
        agents.forEach(BerthAgent::close);
        plane.close();
    }

    private AgentConfig.Builder config() {
        return AgentConfig.builder(plane.uri(), "default", "127.0.0.1", dataDir)
                .cpu(2048).memoryMiB(4096).attributes(Map.of("stack", "blue"))
                .credentials("berth", "berth").introspectionPort(0).startTimeout(Duration.ofSeconds(20))
                .reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(200)).taskCleanupWait(Duration.ZERO);
    }

    private BerthAgent start(AgentConfig config) throws Exception {
        BerthAgent agent = new BerthAgent(config, runtime);
        agents.add(agent);
        agent.start();
        return agent;
    }

    @Test
    void registersLikeTheEcsAgentAndOpensAcsWithTheSignedQuery() throws Exception {
        BerthAgent agent = start(config().build());

        JsonNode reg = plane.calls("RegisterContainerInstance").getFirst().body();
        assertThat(plane.calls).allMatch(FakeControlPlane.ApiCall::signatureValid);
        assertThat(reg.path("cluster").asText()).isEqualTo("default");
        assertThat(reg.path("clientToken").asText()).isNotEmpty();
        assertThat(reg.has("containerInstanceArn")).isFalse();
        Map<String, String> attrs = new java.util.HashMap<>();
        reg.path("attributes").forEach(a -> attrs.put(a.path("name").asText(), a.path("value").asText(null)));
        assertThat(attrs).containsKeys("ecs.capability.container-health-check", "ecs.capability.container-ordering",
                "com.amazonaws.ecs.capability.docker-remote-api.1.32");
        assertThat(attrs).containsEntry("ecs.os-type", "linux").containsEntry("stack", "blue")
                .containsEntry("berth.host-address", "127.0.0.1").containsKey("ecs.cpu-architecture");
        JsonNode resources = reg.path("totalResources");
        assertThat(resources.get(0).toString()).isEqualTo("{\"integerValue\":2048,\"name\":\"CPU\",\"type\":\"INTEGER\"}");
        assertThat(resources.get(1).path("integerValue").asInt()).isEqualTo(4096);
        assertThat(resources.get(2).toString())
                .isEqualTo("{\"name\":\"PORTS\",\"stringSetValue\":[\"22\",\"2375\",\"2376\",\"51678\",\"51679\"],\"type\":\"STRINGSET\"}");
        assertThat(resources.get(3).path("name").asText()).isEqualTo("PORTS_UDP");
        assertThat(reg.path("versionInfo").path("agentVersion").asText()).isEqualTo(BerthAgent.AGENT_VERSION);

        assertThat(agent.containerInstanceArn()).isEqualTo(plane.instanceArn);
        assertThat(plane.calls("DiscoverPollEndpoint").getFirst().body().path("containerInstance").asText()).isEqualTo(plane.instanceArn);
        FakeControlPlane.Upgrade up = plane.acsUpgrades().getFirst();
        assertThat(up.signatureValid()).isTrue();
        assertThat(up.query()).startsWith("agentHash=").contains("&clusterArn=default&containerInstanceArn=arn%3Aaws%3Aecs")
                .contains("&dockerVersion=DockerVersion%3A+fake-1.0&protocolVersion=2&sendCredentials=true&seqNum=1");

        HttpResponse<String> meta = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + agent.introspectionPort() + "/v1/metadata")).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode m = MAPPER.readTree(meta.body());
        assertThat(m.path("Cluster").asText()).isEqualTo("default");
        assertThat(m.path("ContainerInstanceArn").asText()).isEqualTo(plane.instanceArn);
    }

    @Test
    void createsTheClusterWhenRegistrationSaysItIsMissing() throws Exception {
        plane.clusterExists = false;

        start(config().build());

        assertThat(plane.calls.stream().map(FakeControlPlane.ApiCall::operation).toList())
                .startsWith("RegisterContainerInstance", "CreateCluster", "RegisterContainerInstance");
        assertThat(plane.calls("CreateCluster").getFirst().body().path("clusterName").asText()).isEqualTo("default");
    }

    @Test
    void payloadIsSavedBeforeTheAckAndTheTaskIsReportedRunning() throws Exception {
        BerthAgent agent = start(config().build());
        AcsTask t = withRole(task(Tasks.newArn(), "RUNNING",
                container("web", IMAGE, true, List.of("httpd"), List.of(port(8080, 0)), null, null)));

        plane.sendAcs(FakeControlPlane.payload("pl-1", 4, FakeControlPlane.json(t)));

        plane.awaitAcs("AckRequest", m -> m.path("messageId").asText().equals("pl-1"));
        assertThat(Files.readString(dataDir.resolve(StateFile.NAME))).contains(t.arn());
        JsonNode credAck = plane.awaitAcs("IAMRoleCredentialsAckRequest", m -> true);
        assertThat(credAck.path("credentialsId").asText()).isEqualTo("cred-1");
        assertThat(credAck.path("messageId").asText()).isEqualTo("pl-1");
        int credIndex = indexOf("IAMRoleCredentialsAckRequest");
        assertThat(credIndex).isLessThan(indexOf("AckRequest"));
        assertThat(agent.credentials("cred-1")).isPresent();

        JsonNode running = plane.awaitCall("SubmitTaskStateChange", b -> b.path("status").asText().equals("RUNNING"));
        assertThat(running.path("task").asText()).isEqualTo(t.arn());
        assertThat(running.path("cluster").asText()).isEqualTo("default");
        JsonNode c = running.path("containers").get(0);
        assertThat(c.path("containerName").asText()).isEqualTo("web");
        assertThat(c.path("runtimeId").asText()).hasSize(64);
        assertThat(c.path("networkBindings").get(0).path("bindIP").asText()).isEqualTo("127.0.0.1");
        assertThat(c.path("networkBindings").get(0).path("containerPort").asInt()).isEqualTo(8080);

        plane.sendAcs("{\"type\":\"HeartbeatMessage\",\"message\":{\"healthy\":true,\"messageId\":\"hb-7\"}}");
        plane.awaitAcs("HeartbeatAckRequest", m -> m.path("messageId").asText().equals("hb-7"));

        HttpResponse<String> tasks = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + agent.introspectionPort() + "/v1/tasks")).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode listed = MAPPER.readTree(tasks.body()).path("Tasks").get(0);
        assertThat(listed.path("Arn").asText()).isEqualTo(t.arn());
        assertThat(listed.path("KnownStatus").asText()).isEqualTo("RUNNING");
        assertThat(listed.path("Containers").get(0).path("Name").asText()).isEqualTo("web");
        assertThat(listed.path("Containers").get(0).path("DockerName").asText()).startsWith("ecs-web-3-web-");
    }

    @Test
    void manifestWithoutTheTaskLeadsToStopVerificationThenStop() throws Exception {
        start(config().build());
        AcsTask t = task(Tasks.newArn(), "RUNNING", container("web", IMAGE, true, List.of("sh")));
        plane.sendAcs(FakeControlPlane.payload("pl-1", 1, FakeControlPlane.json(t)));
        plane.awaitCall("SubmitTaskStateChange", b -> b.path("status").asText().equals("RUNNING"));

        plane.sendAcs("{\"type\":\"TaskManifestMessage\",\"message\":{\"messageId\":\"tm-1\",\"clusterArn\":\""
                + Tasks.CLUSTER_ARN + "\",\"timeline\":2,\"tasks\":[]}}");

        plane.awaitAcs("AckRequest", m -> m.path("messageId").asText().equals("tm-1"));
        JsonNode verification = plane.awaitAcs("TaskStopVerificationMessage", m -> true);
        assertThat(verification.path("messageId").asText()).isEqualTo("tm-1");
        assertThat(verification.path("stopCandidates").get(0).path("taskArn").asText()).isEqualTo(t.arn());
        assertThat(plane.calls("SubmitTaskStateChange")).noneMatch(c -> c.body().path("status").asText().equals("STOPPED"));

        plane.sendAcs("{\"type\":\"TaskStopVerificationAck\",\"message\":{\"messageId\":\"tm-1\",\"stopTasks\":[{\"taskArn\":\""
                + t.arn() + "\",\"desiredStatus\":\"STOPPED\"}]}}");

        JsonNode stopped = plane.awaitCall("SubmitTaskStateChange", b -> b.path("status").asText().equals("STOPPED"));
        assertThat(stopped.path("containers").get(0).path("exitCode").asInt()).isEqualTo(143);
        assertThat(stopped.path("executionStoppedAt").isNumber()).isTrue();
    }

    @Test
    void stateChangesAreRetriedAfterServerErrors() throws Exception {
        start(config().build());
        plane.failSubmits.set(2);
        AcsTask t = task(Tasks.newArn(), "RUNNING", container("web", IMAGE, true, List.of("sh")));

        plane.sendAcs(FakeControlPlane.payload("pl-1", 1, FakeControlPlane.json(t)));

        plane.awaitCall("SubmitTaskStateChange", b -> b.path("status").asText().equals("RUNNING"));
        Await.until("third attempt", Duration.ofSeconds(10), () -> plane.calls("SubmitTaskStateChange").size() == 3);
        assertThat(plane.failSubmits.get()).isZero();
    }

    @Test
    void reconnectsAfterADropAndAfterSilenceWithTheLastSeqNum() throws Exception {
        start(config().heartbeatTimeout(Duration.ofMillis(700)).build());
        AcsTask t = task(Tasks.newArn(), "RUNNING", container("web", IMAGE, true, List.of("sh")));
        plane.sendAcs(FakeControlPlane.payload("pl-9", 9, FakeControlPlane.json(t)));
        plane.awaitAcs("AckRequest", m -> m.path("messageId").asText().equals("pl-9"));

        plane.dropAcs();

        Await.until("reconnect after drop", Duration.ofSeconds(10), () -> plane.acsUpgrades().size() >= 2);
        assertThat(plane.acsUpgrades().get(1).query()).endsWith("seqNum=9");
        // Nothing is sent now: the silent connection is dropped and opened again.
        Await.until("reconnect after silence", Duration.ofSeconds(10), () -> plane.acsUpgrades().size() >= 3);
        assertThat(runtime.containers).hasSize(1);
    }

    @Test
    void inactiveInstanceErrorEndsReconnecting() throws Exception {
        BerthAgent agent = start(config().build());

        plane.sendAcs("{\"InactiveInstanceException\":\"instance deregistered\"}");

        Await.until("agent sees it is inactive", Duration.ofSeconds(10), agent::inactive);
        Await.until("connection closed", Duration.ofSeconds(10), () -> !agent.acsConnected());
        int upgrades = plane.acsUpgrades().size();
        Thread.sleep(500); // reconnect backoff is at most 200 ms here: a reconnect would show by now
        assertThat(plane.acsUpgrades()).hasSize(upgrades);
    }

    @Test
    void telemetryFramesAreSignedHeaderLinesThenJson() throws Exception {
        start(config().metricsInterval(Duration.ofMillis(100)).build());

        String frame = Await.value("TCS metrics", Duration.ofSeconds(10), () -> plane.tcsReceived.stream()
                .filter(f -> f.contains("PublishMetricsRequest")).findFirst().orElse(null));

        assertThat(plane.tcsUpgrades().getFirst().signatureValid()).isTrue();
        assertThat(plane.tcsUpgrades().getFirst().query()).contains("cluster=default&containerInstance=");
        assertThat(frame).startsWith("Authorization: AWS4-HMAC-SHA256 Credential=berth/");
        String json = frame.substring(frame.indexOf("\r\n\r\n") + 4);
        JsonNode m = MAPPER.readTree(json).path("message");
        assertThat(m.path("metadata").path("fin").asBoolean()).isTrue();
        assertThat(m.path("metadata").path("idle").asBoolean()).isTrue();
        assertThat(m.path("metadata").path("containerInstance").asText()).isEqualTo(plane.instanceArn);
    }

    @Test
    void restartReRegistersWithTheSavedArnAndKeepsTheTask() throws Exception {
        BerthAgent first = start(config().build());
        AcsTask t = task(Tasks.newArn(), "RUNNING", container("web", IMAGE, true, List.of("sh")));
        plane.sendAcs(FakeControlPlane.payload("pl-3", 3, FakeControlPlane.json(t)));
        plane.awaitCall("SubmitTaskStateChange", b -> b.path("status").asText().equals("RUNNING"));
        first.close();

        BerthAgent second = start(config().build());

        JsonNode reg = plane.calls("RegisterContainerInstance").getLast().body();
        assertThat(reg.path("containerInstanceArn").asText()).isEqualTo(first.containerInstanceArn());
        assertThat(plane.acsUpgrades().getLast().query()).endsWith("seqNum=3");
        assertThat(second.task(t.arn())).isPresent();
        plane.sendAcs(FakeControlPlane.payload("pl-4", 4, FakeControlPlane.json(t)));
        plane.awaitAcs("AckRequest", m -> m.path("messageId").asText().equals("pl-4"));
        assertThat(runtime.containers).hasSize(1);
    }

    private int indexOf(String type) {
        List<String> types = plane.acsReceived.stream().map(f -> f.path("type").asText()).toList();
        return types.indexOf(type);
    }

    private static AcsTask withRole(AcsTask t) {
        IamRoleCredentials creds = new IamRoleCredentials("cred-1", "arn:aws:iam::000000000000:role/r", "ASIA", "secret",
                "token", "2030-01-01T00:00:00Z", null);
        return new AcsTask(t.arn(), t.taskClusterArn(), t.family(), t.version(), t.desiredStatus(), t.taskDefinitionAccountId(),
                t.networkMode(), t.launchType(), null, null, null, null, null, null, null, null, creds, null, t.containers());
    }
}
