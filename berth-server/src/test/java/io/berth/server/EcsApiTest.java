package io.berth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.*;

/** The ECS API through the AWS SDK for Java v2, without agents: clusters, definitions, errors. */
class EcsApiTest {
    static ServerFixture fx;
    static EcsClient ecs;

    @BeforeAll
    static void start() throws Exception {
        fx = new ServerFixture();
        ecs = fx.ecs;
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    @Test
    void clusterLifecycle() {
        Cluster c = ecs.createCluster(b -> b.clusterName("life").tags(Tag.builder().key("team").value("a").build())).cluster();
        assertThat(c.clusterArn()).isEqualTo("arn:aws:ecs:us-east-1:000000000000:cluster/life");
        assertThat(c.status()).isEqualTo("ACTIVE");
        assertThat(ecs.listClusters().clusterArns()).contains(c.clusterArn());
        var described = ecs.describeClusters(b -> b.clusters("life", "nope").include(ClusterField.TAGS, ClusterField.STATISTICS));
        assertThat(described.clusters()).hasSize(1);
        assertThat(described.clusters().get(0).tags()).extracting(Tag::key).containsExactly("team");
        assertThat(described.clusters().get(0).statistics()).extracting(KeyValuePair::name).contains("runningEC2TasksCount");
        assertThat(described.failures()).extracting(Failure::reason).containsExactly("MISSING");
        assertThat(ecs.deleteCluster(b -> b.cluster("life")).cluster().status()).isEqualTo("INACTIVE");
        assertThat(ecs.listClusters().clusterArns()).doesNotContain(c.clusterArn());
        assertThatThrownBy(() -> ecs.deleteCluster(b -> b.cluster("life"))).isInstanceOf(ClusterNotFoundException.class);
    }

    @Test
    void listClustersPaginates() {
        for (int i = 0; i < 5; i++) {
            int n = i;
            ecs.createCluster(b -> b.clusterName("page-" + n));
        }
        ListClustersResponse first = ecs.listClusters(b -> b.maxResults(2));
        assertThat(first.clusterArns()).hasSize(2);
        assertThat(first.nextToken()).isNotNull();
        List<String> all = ecs.listClustersPaginator(b -> b.maxResults(2)).clusterArns().stream().toList();
        assertThat(all).filteredOn(a -> a.contains("page-")).hasSize(5).doesNotHaveDuplicates();
        // a token this server did not make is refused, even one that is valid base64
        String madeUp = java.util.Base64.getUrlEncoder().encodeToString("page-2".getBytes());
        assertThatThrownBy(() -> ecs.listClusters(b -> b.nextToken(madeUp))).isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("nextToken");
    }

    @Test
    void runTaskOnAClusterWithoutInstancesIsRefused() {
        ecs.createCluster(b -> b.clusterName("empty"));
        ecs.registerTaskDefinition(b -> b.family("lonely").containerDefinitions(c -> c.name("app").image("x").memory(16)));
        assertThatThrownBy(() -> ecs.runTask(b -> b.cluster("empty").taskDefinition("lonely")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("No Container Instances were found in your cluster.");
        assertThat(ecs.listTasks(b -> b.cluster("empty")).taskArns()).isEmpty();
    }

    @Test
    void taskDefinitionRevisionsAndLifecycle() {
        var reg = ecs.registerTaskDefinition(b -> b.family("web").containerDefinitions(
                ContainerDefinition.builder().name("app").image("berth-test/busybox:latest").memory(64)
                        .portMappings(PortMapping.builder().containerPort(8080).build()).build()));
        TaskDefinition d1 = reg.taskDefinition();
        assertThat(d1.revision()).isEqualTo(1);
        assertThat(d1.taskDefinitionArn()).isEqualTo("arn:aws:ecs:us-east-1:000000000000:task-definition/web:1");
        assertThat(d1.networkMode()).isEqualTo(NetworkMode.BRIDGE);
        assertThat(d1.containerDefinitions().get(0).essential()).isTrue();
        assertThat(d1.containerDefinitions().get(0).portMappings().get(0).protocol()).isEqualTo(TransportProtocol.TCP);
        TaskDefinition d2 = ecs.registerTaskDefinition(b -> b.family("web").containerDefinitions(
                ContainerDefinition.builder().name("app").image("berth-test/busybox:latest").memory(128).build())).taskDefinition();
        assertThat(d2.revision()).isEqualTo(2);
        assertThat(ecs.describeTaskDefinition(b -> b.taskDefinition("web")).taskDefinition().revision()).isEqualTo(2);
        assertThat(ecs.describeTaskDefinition(b -> b.taskDefinition("web:1")).taskDefinition().containerDefinitions().get(0).memory()).isEqualTo(64);
        assertThat(ecs.deregisterTaskDefinition(b -> b.taskDefinition("web:2")).taskDefinition().status()).isEqualTo(TaskDefinitionStatus.INACTIVE);
        assertThat(ecs.describeTaskDefinition(b -> b.taskDefinition("web")).taskDefinition().revision()).isEqualTo(1);
        assertThat(ecs.listTaskDefinitions(b -> b.familyPrefix("web")).taskDefinitionArns()).containsExactly(d1.taskDefinitionArn());
        assertThat(ecs.listTaskDefinitions(b -> b.familyPrefix("web").status(TaskDefinitionStatus.INACTIVE)).taskDefinitionArns())
                .containsExactly(d2.taskDefinitionArn());
        assertThat(ecs.listTaskDefinitionFamilies(b -> b.familyPrefix("we")).families()).contains("web");
        var deleted = ecs.deleteTaskDefinitions(b -> b.taskDefinitions("web:1", "web:2"));
        assertThat(deleted.taskDefinitions()).extracting(TaskDefinition::revision).containsExactly(2);
        assertThat(deleted.failures()).hasSize(1);
        TaskDefinition d3 = ecs.registerTaskDefinition(b -> b.family("web").containerDefinitions(
                ContainerDefinition.builder().name("app").image("x").memory(16).build())).taskDefinition();
        assertThat(d3.revision()).isEqualTo(3);
    }

    @Test
    void badTaskDefinitionsAreRefusedClearly() {
        assertThatThrownBy(() -> ecs.registerTaskDefinition(b -> b.family("bad").containerDefinitions(
                ContainerDefinition.builder().name("app").image("x").build())))
                .isInstanceOf(ClientException.class).hasMessageContaining("At least one of 'memory' or 'memoryReservation'");
        assertThatThrownBy(() -> ecs.registerTaskDefinition(b -> b.family("bad").containerDefinitions(
                ContainerDefinition.builder().name("app").image("x").memory(64).memoryReservation(128).build())))
                .isInstanceOf(ClientException.class).hasMessageContaining("greater than or equal to 'memoryReservation'");
        assertThatThrownBy(() -> ecs.registerTaskDefinition(b -> b.family("bad").networkMode(NetworkMode.HOST).containerDefinitions(
                ContainerDefinition.builder().name("app").image("x").memory(64)
                        .portMappings(PortMapping.builder().containerPort(80).hostPort(81).build()).build())))
                .isInstanceOf(ClientException.class).hasMessageContaining("must match");
        assertThatThrownBy(() -> ecs.registerTaskDefinition(b -> b.family("bad").containerDefinitions(
                ContainerDefinition.builder().name("a").image("x").memory(64).essential(false).build())))
                .isInstanceOf(ClientException.class).hasMessageContaining("essential");
        assertThatThrownBy(() -> ecs.registerTaskDefinition(b -> b.family("bad").containerDefinitions(
                ContainerDefinition.builder().name("init").image("x").memory(16).build(),
                ContainerDefinition.builder().name("app").image("x").memory(16)
                        .dependsOn(ContainerDependency.builder().containerName("init").condition(ContainerCondition.SUCCESS).build()).build())))
                .isInstanceOf(ClientException.class).hasMessageContaining("non-essential");
        assertThatThrownBy(() -> ecs.registerTaskDefinition(b -> b.family("bad").containerDefinitions(
                ContainerDefinition.builder().name("db").image("x").memory(16).build(),
                ContainerDefinition.builder().name("app").image("x").memory(16)
                        .dependsOn(ContainerDependency.builder().containerName("db").condition(ContainerCondition.HEALTHY).build()).build())))
                .isInstanceOf(ClientException.class).hasMessageContaining("healthCheck");
        assertThat(ecs.listTaskDefinitionFamilies(b -> b.familyPrefix("bad")).families()).isEmpty();
    }

    @Test
    void unknownClusterAndMissingMembersGiveAwsErrors() {
        assertThatThrownBy(() -> ecs.listTasks(b -> b.cluster("does-not-exist"))).isInstanceOf(ClusterNotFoundException.class);
        assertThatThrownBy(() -> ecs.describeTaskDefinition(b -> b.taskDefinition("nothing-here"))).isInstanceOf(ClientException.class);
    }

    @Test
    void rawProtocolErrors() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> r = http.send(post("AmazonEC2ContainerServiceV20141113.CreateCluster", "{not json"), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("\"__type\":\"SerializationException\"");
        r = http.send(post("AmazonEC2ContainerServiceV20141113.ListClusters", "[".repeat(1500) + "]".repeat(1500)),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).contains("SerializationException", "nests deeper").doesNotContain("StreamReadConstraints", "`");
        r = http.send(post("AmazonEC2ContainerServiceV20141113.NoSuchThing", "{}"), HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).contains("UnknownOperationException");
        r = http.send(post("AmazonEC2ContainerServiceV20141113.CreateTaskSet", "{}"), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("UnsupportedFeatureException").contains("CreateTaskSet");
        r = http.send(post("AmazonEC2ContainerServiceV20141113.RunTask", "{\"count\": \"many\"}"), HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).contains("InvalidParameterException").contains("taskDefinition").contains("count");
        r = http.send(post("AmazonEC2ContainerServiceV20141113.ListClusters", "{\"maxResults\": 1000}"), HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).contains("InvalidParameterException");
    }

    private HttpRequest post(String target, String body) {
        return HttpRequest.newBuilder(URI.create(fx.server.url() + "/"))
                .header("X-Amz-Target", target)
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
