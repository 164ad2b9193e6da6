package io.berth.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.wire.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * The gateway as the official ECS agent sees it, driven with the messages captured from agent
 * v1.105.1 (shared/reference): registration, poll endpoint discovery, ACS payloads and acks, the
 * manifest and stop verification, heartbeats, TCS frames, state changes and deregistration.
 */
public class AgentProtocolTest {
    private static final String TARGET = "AmazonEC2ContainerServiceV20141113.";
    private ServerFixture fx;
    private FakeAgents agents;

    @BeforeEach
    void start() throws Exception {
        fx = new ServerFixture();
        agents = fx.agents();
    }

    @AfterEach
    void stop() throws Exception {
        fx.close();
    }

    private JsonNode call(String op, Object body) throws Exception {
        return agents.call(op, body);
    }

    private FakeAgents.Peer connectAcs(String instanceArn) throws Exception {
        return agents.connectAcs(instanceArn);
    }

    private String register() throws Exception {
        fx.ecs.createCluster(b -> b.clusterName("default"));
        return agents.registerCaptured();
    }

    @Test
    void fullTaskLifecycleOverAcs() throws Exception {
        String instance = register();
        FakeAgents.Peer acs = connectAcs(instance);
        JsonNode manifest = acs.next("TaskManifestMessage");
        assertThat(manifest.path("message").path("tasks")).isEmpty();
        assertThat(fx.ecs.describeContainerInstances(b -> b.containerInstances(instance)).containerInstances().get(0).agentConnected()).isTrue();

        fx.ecs.registerTaskDefinition(b -> b.family("probe").containerDefinitions(ContainerDefinition.builder()
                .name("app").image("agentprobe/sleep:probe").cpu(10).memory(32).command("sleep", "600")
                .environment(software.amazon.awssdk.services.ecs.model.KeyValuePair.builder().name("FOO").value("bar").build())
                .user("nobody").dockerLabels(java.util.Map.of("team", "a"))
                .portMappings(PortMapping.builder().containerPort(8080).hostPort(0).build()).build()));
        Task task = fx.ecs.runTask(b -> b.taskDefinition("probe")).tasks().get(0);
        assertThat(task.lastStatus()).isEqualTo("PENDING");

        JsonNode payload = acs.next("PayloadMessage").path("message");
        JsonNode t = payload.path("tasks").get(0);
        assertThat(t.path("arn").asText()).isEqualTo(task.taskArn());
        assertThat(t.path("family").asText()).isEqualTo("probe");
        assertThat(t.path("version").asText()).isEqualTo("1");
        assertThat(t.path("desiredStatus").asText()).isEqualTo("RUNNING");
        JsonNode c = t.path("containers").get(0);
        assertThat(c.path("environment").path("FOO").asText()).isEqualTo("bar");
        assertThat(c.path("portMappings").get(0).path("containerPort").asInt()).isEqualTo(8080);
        JsonNode config = Json.MAPPER.readTree(c.path("dockerConfig").path("config").asText());
        assertThat(config.path("User").asText()).isEqualTo("nobody");
        assertThat(config.path("Labels").path("team").asText()).isEqualTo("a");
        acs.send(Json.object().put("type", "AckRequest").set("message", Json.object()
                .put("cluster", payload.path("clusterArn").asText()).put("containerInstance", instance)
                .put("messageId", payload.path("messageId").asText())).toString());

        ObjectNode running = (ObjectNode) Json.MAPPER.readTree("""
                {"cluster":"default","containers":[{"containerName":"app","networkBindings":[{"bindIP":"0.0.0.0","containerPort":8080,"hostPort":32768,"protocol":"tcp"}],
                "runtimeId":"ae9109782e49","status":"RUNNING"}],"reason":"","status":"RUNNING"}""");
        running.put("task", task.taskArn());
        call("SubmitTaskStateChange", running);
        Task described = fx.ecs.describeTasks(b -> b.tasks(task.taskArn())).tasks().get(0);
        assertThat(described.lastStatus()).isEqualTo("RUNNING");
        assertThat(described.startedAt()).isNotNull();
        assertThat(described.containers().get(0).networkBindings().get(0).hostPort()).isEqualTo(32768);
        assertThat(described.containers().get(0).runtimeId()).isEqualTo("ae9109782e49");
        assertThat(fx.ecs.describeClusters(b -> b.clusters("default")).clusters().get(0).runningTasksCount()).isEqualTo(1);

        fx.ecs.stopTask(b -> b.task(task.taskArn()).reason("done here"));
        JsonNode stop = acs.next(n -> n.path("type").asText().equals("PayloadMessage")
                && n.path("message").path("tasks").get(0).path("desiredStatus").asText().equals("STOPPED")).path("message");
        assertThat(stop.path("tasks").get(0).path("arn").asText()).isEqualTo(task.taskArn());
        ObjectNode stopped = (ObjectNode) Json.MAPPER.readTree("""
                {"cluster":"default","containers":[{"containerName":"app","exitCode":137,"runtimeId":"ae9109782e49","status":"STOPPED"}],
                "executionStoppedAt":1795492130.389,"reason":"","status":"STOPPED"}""");
        stopped.put("task", task.taskArn());
        call("SubmitTaskStateChange", stopped);
        Task done = fx.ecs.describeTasks(b -> b.tasks(task.taskArn())).tasks().get(0);
        assertThat(done.lastStatus()).isEqualTo("STOPPED");
        assertThat(done.stopCodeAsString()).isEqualTo("UserInitiated");
        assertThat(done.stoppedReason()).isEqualTo("done here");
        assertThat(done.containers().get(0).exitCode()).isEqualTo(137);
        assertThat(done.executionStoppedAt()).isNotNull();

        // a late RUNNING retry does not move the task backward
        call("SubmitTaskStateChange", running);
        assertThat(fx.ecs.describeTasks(b -> b.tasks(task.taskArn())).tasks().get(0).lastStatus()).isEqualTo("STOPPED");
    }

    @Test
    void essentialExitAndFailedStartGetTheirStopCodes() throws Exception {
        String instance = register();
        FakeAgents.Peer acs = connectAcs(instance);
        acs.next("TaskManifestMessage");
        fx.ecs.registerTaskDefinition(b -> b.family("exit").containerDefinitions(ContainerDefinition.builder()
                .name("app").image("x").memory(16).build()));
        Task ran = fx.ecs.runTask(b -> b.taskDefinition("exit")).tasks().get(0);
        Task failed = fx.ecs.runTask(b -> b.taskDefinition("exit")).tasks().get(0);
        call("SubmitTaskStateChange", Json.object().put("task", ran.taskArn()).put("status", "RUNNING"));
        call("SubmitTaskStateChange", Json.MAPPER.readTree("{\"task\":\"" + ran.taskArn() + "\",\"status\":\"STOPPED\",\"reason\":\"Essential container in task exited\","
                + "\"containers\":[{\"containerName\":\"app\",\"exitCode\":3,\"status\":\"STOPPED\"}]}"));
        call("SubmitTaskStateChange", Json.MAPPER.readTree("{\"task\":\"" + failed.taskArn() + "\",\"status\":\"STOPPED\","
                + "\"containers\":[{\"containerName\":\"app\",\"status\":\"STOPPED\",\"reason\":\"CannotPullContainerError: no such image\"}]}"));
        Task a = fx.ecs.describeTasks(b -> b.tasks(ran.taskArn())).tasks().get(0);
        assertThat(a.stopCodeAsString()).isEqualTo("EssentialContainerExited");
        assertThat(a.stoppedReason()).isEqualTo("Essential container in task exited");
        assertThat(a.containers().get(0).exitCode()).isEqualTo(3);
        Task b2 = fx.ecs.describeTasks(b -> b.tasks(failed.taskArn())).tasks().get(0);
        assertThat(b2.stopCodeAsString()).isEqualTo("TaskFailedToStart");
        assertThat(b2.stoppedReason()).startsWith("CannotPullContainerError");
        assertThat(fx.ecs.describeContainerInstances(b -> b.containerInstances(instance)).containerInstances().get(0).runningTasksCount()).isZero();
    }

    @Test
    void heartbeatsManifestAndStopVerification() throws Exception {
        String instance = register();
        FakeAgents.Peer acs = connectAcs(instance);
        acs.next("TaskManifestMessage");
        JsonNode hb = acs.next("HeartbeatMessage");
        acs.send(Json.object().put("type", "HeartbeatAckRequest").set("message", Json.object().put("messageId", hb.path("message").path("messageId").asText())).toString());
        String stray = "arn:aws:ecs:us-east-1:000000000000:task/default/99990000aaaabbbbccccddddeeeeffff";
        acs.send("{\"type\":\"TaskStopVerificationMessage\",\"message\":{\"messageId\":\"tm-1\",\"stopCandidates\":[{\"desiredStatus\":\"STOPPED\",\"taskArn\":\"" + stray
                + "\",\"taskClusterArn\":\"arn:aws:ecs:us-east-1:000000000000:cluster/default\"}]}}");
        JsonNode ack = acs.next("TaskStopVerificationAck").path("message");
        assertThat(ack.path("messageId").asText()).isEqualTo("tm-1");
        assertThat(ack.path("stopTasks").get(0).path("taskArn").asText()).isEqualTo(stray);
    }

    @Test
    void telemetryFramesAreAccepted() throws Exception {
        String instance = register();
        JsonNode poll = call("DiscoverPollEndpoint", Json.object().put("cluster", "default").put("containerInstance", instance));
        URI uri = URI.create(poll.path("telemetryEndpoint").asText().replace("http://", "ws://") + "/ws?agentHash=a8b3e7d3&agentVersion=1.105.1&cluster=default&containerInstance="
                + URLEncoder.encode(instance, StandardCharsets.UTF_8) + "&dockerVersion=20.10.24");
        FakeAgents.Peer tcs = new FakeAgents.Peer();
        agents.connect(tcs, uri);
        tcs.send("Authorization: AWS4-HMAC-SHA256 Credential=test/20261124/us-east-1/ecs/aws4_request, SignedHeaders=host;x-amz-date, Signature=67\r\nHost: 127.0.0.1\r\nX-Amz-Date: 20261124T034702Z\r\n\r\n"
                + "{\"type\":\"PublishMetricsRequest\",\"message\":{\"metadata\":{\"cluster\":\"default\",\"containerInstance\":\"" + instance + "\",\"fin\":true,\"idle\":true,\"messageId\":\"f0\"},\"timestamp\":1795492022.963}}");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (fx.server.gateway().telemetryFrames() == 0 && System.nanoTime() < deadline) Thread.onSpinWait();
        assertThat(fx.server.gateway().telemetryFrames()).isEqualTo(1);
    }

    @Test
    void deregisteredInstanceIsToldInactive() throws Exception {
        String instance = register();
        FakeAgents.Peer acs = connectAcs(instance);
        acs.next("TaskManifestMessage");
        fx.ecs.deregisterContainerInstance(b -> b.containerInstance(instance).force(true));
        JsonNode err = acs.next(n -> n.has("InactiveInstanceException"));
        assertThat(err.path("InactiveInstanceException").asText()).contains("deregistered");
        FakeAgents.Peer again = connectAcs(instance);
        assertThat(again.next(n -> n.has("InactiveInstanceException"))).isNotNull();
    }

    @Test
    void runTaskWithoutAConnectedAgentFailsWithReasons() throws Exception {
        String instance = register();
        fx.ecs.registerTaskDefinition(b -> b.family("lonely").containerDefinitions(ContainerDefinition.builder().name("a").image("x").memory(16).build()));
        var out = fx.ecs.runTask(b -> b.taskDefinition("lonely"));
        assertThat(out.tasks()).isEmpty();
        assertThat(out.failures()).extracting(f -> f.arn() + " " + f.reason()).containsExactly(instance + " AGENT");
        FakeAgents.Peer acs = connectAcs(instance);
        acs.next("TaskManifestMessage");
        fx.ecs.registerTaskDefinition(b -> b.family("huge").containerDefinitions(ContainerDefinition.builder().name("a").image("x").memory(999_999).build()));
        var big = fx.ecs.runTask(b -> b.taskDefinition("huge"));
        assertThat(big.failures()).extracting(f -> f.reason()).containsExactly("RESOURCE:MEMORY");
        fx.ecs.registerTaskDefinition(b -> b.family("port").containerDefinitions(ContainerDefinition.builder().name("a").image("x").memory(16)
                .portMappings(PortMapping.builder().containerPort(80).hostPort(8080).build()).build()));
        var two = fx.ecs.runTask(b -> b.taskDefinition("port").count(2));
        assertThat(two.tasks()).hasSize(1);
        assertThat(two.failures()).extracting(f -> f.reason()).containsExactly("RESOURCE:PORTS");
        var remaining = fx.ecs.describeContainerInstances(b -> b.containerInstances(instance)).containerInstances().get(0).remainingResources();
        assertThat(remaining.stream().filter(r -> r.name().equals("PORTS")).findFirst().orElseThrow().stringSetValue()).contains("8080");
    }
}
