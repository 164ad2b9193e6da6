package io.berth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.*;

/**
 * Container instances, attributes, tags, account settings, draining and placement rules through
 * the SDK, with instances registered and connected at the wire level by {@link FakeAgents}.
 */
class ClusterResourcesApiTest extends FakeAgentsApiTest {
    private String connected(Map<String, String> attrs) throws Exception {
        String arn = agents.register("default", 1024, 1024, attrs);
        agents.connectAcs(arn).next("TaskManifestMessage");
        return arn;
    }

    private void define(String family, NetworkMode mode, int hostPort) {
        ecs.registerTaskDefinition(b -> b.family(family).networkMode(mode).containerDefinitions(ContainerDefinition.builder()
                .name("a").image("x").memory(16).portMappings(PortMapping.builder().containerPort(8080).hostPort(hostPort).build()).build()));
    }

    @Test
    void hostPortsAreTrackedPerMachineAddress() throws Exception {
        String a = connected(Map.of("berth.machine-id", "m1"));
        String b = connected(Map.of("berth.machine-id", "m1"));
        connected(Map.of("berth.machine-id", "m2"));
        define("bridge", NetworkMode.BRIDGE, 8080);
        define("host", NetworkMode.HOST, 8080);
        // bridge ports bind on each host's own loopback address: one per instance, on every instance
        RunTaskResponse bridge = ecs.runTask(r -> r.taskDefinition("bridge").count(3));
        assertThat(bridge.tasks()).hasSize(3);
        // host-mode binds every address of the machine: m1's port 8080 is taken by its bridge tasks
        RunTaskResponse host = ecs.runTask(r -> r.taskDefinition("host").count(3));
        assertThat(host.tasks()).isEmpty();
        assertThat(host.failures()).extracting(Failure::reason).containsOnly("RESOURCE:PORTS");
        for (Task t : bridge.tasks()) ecs.stopTask(s -> s.task(t.taskArn()));
        // stopping asks the agents; until they report STOPPED the ports stay held
        for (Task t : bridge.tasks()) {
            agents.call("SubmitTaskStateChange", io.berth.wire.Json.object().put("task", t.taskArn()).put("status", "STOPPED"));
        }
        RunTaskResponse host2 = ecs.runTask(r -> r.taskDefinition("host").count(3));
        assertThat(host2.tasks()).hasSize(2);
        assertThat(host2.tasks()).extracting(Task::containerInstanceArn).doesNotContainSequence(a, b).doesNotHaveDuplicates();
        assertThat(host2.tasks().stream().filter(t -> t.containerInstanceArn().equals(a) || t.containerInstanceArn().equals(b))).hasSize(1);
    }

    @Test
    void drainingInstancesTakeNoNewTasksAndAttributesFilterListings() throws Exception {
        String a = connected(Map.of("stack", "blue"));
        String b = connected(Map.of("stack", "green"));
        var upd = ecs.updateContainerInstancesState(r -> r.containerInstances(a, "nope").status(ContainerInstanceStatus.DRAINING));
        assertThat(upd.containerInstances()).extracting(ContainerInstance::status).containsExactly("DRAINING");
        assertThat(upd.failures()).extracting(Failure::reason).containsExactly("MISSING");
        define("web", NetworkMode.BRIDGE, 0);
        RunTaskResponse r = ecs.runTask(x -> x.taskDefinition("web").count(4));
        assertThat(r.tasks()).extracting(Task::containerInstanceArn).containsOnly(b);
        assertThat(ecs.listContainerInstances(x -> x.status(ContainerInstanceStatus.DRAINING)).containerInstanceArns()).containsExactly(a);
        assertThat(ecs.listContainerInstances(x -> x.filter("attribute:stack == green")).containerInstanceArns()).containsExactly(b);
        assertThat(ecs.listContainerInstances(x -> x.filter("attribute:stack =~ g.*")).containerInstanceArns()).containsExactly(b);
        assertThatThrownBy(() -> ecs.listContainerInstances(x -> x.filter("attribute:stack =~")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("position 18");
        assertThat(ecs.listTasks(x -> x.containerInstance(b)).taskArns()).hasSize(4);
        assertThat(ecs.listTasks(x -> x.family("web").maxResults(3)).taskArns()).hasSize(3);
        assertThat(ecs.listTasks(x -> x.desiredStatus(DesiredStatus.STOPPED)).taskArns()).isEmpty();
        assertThatThrownBy(() -> ecs.deleteCluster(x -> x.cluster("default"))).isInstanceOf(ClusterContainsContainerInstancesException.class);
        assertThatThrownBy(() -> ecs.deregisterContainerInstance(x -> x.containerInstance(b))).isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("force");
        ContainerInstance gone = ecs.deregisterContainerInstance(x -> x.containerInstance(b).force(true)).containerInstance();
        assertThat(gone.status()).isEqualTo("INACTIVE");
        assertThat(ecs.listContainerInstances().containerInstanceArns()).containsExactly(a);
    }

    @Test
    void customAttributesCanBePutListedAndDeleted() throws Exception {
        String a = connected(Map.of());
        String id = a.substring(a.lastIndexOf('/') + 1);
        ecs.putAttributes(r -> r.attributes(Attribute.builder().name("tier").value("gold").targetId(id).build()));
        var listed = ecs.listAttributes(r -> r.targetType(TargetType.CONTAINER_INSTANCE).attributeName("tier"));
        assertThat(listed.attributes()).singleElement().satisfies(x -> {
            assertThat(x.value()).isEqualTo("gold");
            assertThat(x.targetId()).isEqualTo(a);
        });
        var inst = ecs.describeContainerInstances(r -> r.containerInstances(a)).containerInstances().get(0);
        assertThat(inst.attributes()).extracting(Attribute::name).contains("tier", "ecs.availability-zone", "ecs.os-type");
        ecs.deleteAttributes(r -> r.attributes(Attribute.builder().name("tier").targetId(a).build()));
        assertThat(ecs.listAttributes(r -> r.targetType(TargetType.CONTAINER_INSTANCE).attributeName("tier")).attributes()).isEmpty();
        assertThatThrownBy(() -> ecs.putAttributes(r -> r.attributes(Attribute.builder().name("x").value("y").targetId("nope").build())))
                .isInstanceOf(TargetNotFoundException.class);
        assertThatThrownBy(() -> ecs.putAttributes(r -> r.attributes(Attribute.builder().name("bad name!").value("y").targetId(id).build())))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void tagsOnEveryResourceKind() throws Exception {
        String inst = connected(Map.of());
        define("tagged", NetworkMode.BRIDGE, 0);
        String task = ecs.runTask(r -> r.taskDefinition("tagged").tags(Tag.builder().key("run").value("1").build())).tasks().get(0).taskArn();
        String cluster = "arn:aws:ecs:us-east-1:000000000000:cluster/default";
        String def = "arn:aws:ecs:us-east-1:000000000000:task-definition/tagged:1";
        for (String arn : List.of(cluster, def, inst, task)) {
            ecs.tagResource(r -> r.resourceArn(arn).tags(Tag.builder().key("k").value("v").build(), Tag.builder().key("drop").value("me").build()));
            ecs.untagResource(r -> r.resourceArn(arn).tagKeys("drop"));
            assertThat(ecs.listTagsForResource(r -> r.resourceArn(arn)).tags()).as(arn).extracting(Tag::key).contains("k").doesNotContain("drop");
        }
        assertThat(ecs.listTagsForResource(r -> r.resourceArn(task)).tags()).extracting(Tag::key).containsExactlyInAnyOrder("run", "k");
        assertThatThrownBy(() -> ecs.tagResource(r -> r.resourceArn(cluster).tags(Tag.builder().key("aws:x").value("v").build())))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> ecs.listTagsForResource(r -> r.resourceArn("arn:aws:ecs:us-east-1:000000000000:task/default/nope")))
                .isInstanceOf(EcsException.class).hasMessageContaining("could not be found");
    }

    @Test
    void accountSettings() {
        assertThat(ecs.listAccountSettings(r -> r.effectiveSettings(true).name(SettingName.CONTAINER_INSIGHTS)).settings())
                .singleElement().extracting(Setting::value).isEqualTo("disabled");
        ecs.putAccountSettingDefault(r -> r.name(SettingName.CONTAINER_INSIGHTS).value("enabled"));
        assertThat(ecs.listAccountSettings(r -> r.effectiveSettings(true).name(SettingName.CONTAINER_INSIGHTS)).settings().get(0).value()).isEqualTo("enabled");
        ecs.putAccountSetting(r -> r.name(SettingName.CONTAINER_INSIGHTS).value("disabled"));
        assertThat(ecs.listAccountSettings(r -> r.effectiveSettings(true).name(SettingName.CONTAINER_INSIGHTS)).settings().get(0).value()).isEqualTo("disabled");
        ecs.deleteAccountSetting(r -> r.name(SettingName.CONTAINER_INSIGHTS));
        assertThat(ecs.listAccountSettings(r -> r.effectiveSettings(true).name(SettingName.CONTAINER_INSIGHTS)).settings().get(0).value()).isEqualTo("enabled");
        assertThatThrownBy(() -> ecs.putAccountSetting(r -> r.name(SettingName.TASK_LONG_ARN_FORMAT).value("disabled")))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void launchChecks() throws Exception {
        String inst = connected(Map.of());
        ecs.registerTaskDefinition(b -> b.family("vpc").networkMode(NetworkMode.AWSVPC).containerDefinitions(ContainerDefinition.builder()
                .name("a").image("x").memory(16).build()));
        assertThatThrownBy(() -> ecs.runTask(r -> r.taskDefinition("vpc"))).isInstanceOf(InvalidParameterException.class).hasMessageContaining("awsvpc");
        define("web", NetworkMode.BRIDGE, 0);
        assertThatThrownBy(() -> ecs.runTask(r -> r.taskDefinition("web").count(11))).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> ecs.runTask(r -> r.taskDefinition("web").launchType(LaunchType.FARGATE))).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> ecs.runTask(r -> r.taskDefinition("web").overrides(o -> o.containerOverrides(c -> c.name("ghost")))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("ghost");
        ecs.deregisterTaskDefinition(r -> r.taskDefinition("web:1"));
        assertThatThrownBy(() -> ecs.runTask(r -> r.taskDefinition("web:1"))).isInstanceOf(ClientException.class).hasMessageContaining("inactive");
        define("web", NetworkMode.BRIDGE, 0);
        StartTaskResponse started = ecs.startTask(r -> r.taskDefinition("web").containerInstances(inst, "missing").startedBy("me").group("g1"));
        assertThat(started.tasks()).singleElement().satisfies(t -> {
            assertThat(t.containerInstanceArn()).isEqualTo(inst);
            assertThat(t.startedBy()).isEqualTo("me");
            assertThat(t.group()).isEqualTo("g1");
        });
        assertThat(started.failures()).extracting(Failure::reason).containsExactly("MISSING");
        assertThat(ecs.listTasks(r -> r.startedBy("me")).taskArns()).hasSize(1);
        assertThat(ecs.listClusters().clusterArns()).hasSize(1);
        assertThat(ecs.describeClusters(r -> r.clusters("default")).clusters().get(0).pendingTasksCount()).isEqualTo(1);
    }
}
