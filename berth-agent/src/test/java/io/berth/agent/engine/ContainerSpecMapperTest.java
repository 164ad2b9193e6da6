package io.berth.agent.engine;

import static io.berth.agent.testing.Tasks.container;
import static io.berth.agent.testing.Tasks.port;
import static io.berth.agent.testing.Tasks.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.agent.runtime.ContainerSpec;
import io.berth.agent.testing.Tasks;
import io.berth.model.Labels;
import io.berth.wire.acs.AcsContainer;
import io.berth.wire.acs.AcsTask;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerSpecMapperTest {
    private static final String INSTANCE = "arn:aws:ecs:us-east-1:000000000000:container-instance/default/abc";
    private final ContainerSpecMapper mapper = new ContainerSpecMapper("default", INSTANCE, "127.0.0.5");

    @Test
    void mapsLabelsEnvResourcesAndBridgePorts() {
        AcsContainer c = container("web", "img:1", true, List.of("httpd", "-f"), List.of(port(8080, 0), port(9090, 19090)), null, null);
        AcsTask t = task(Tasks.newArn(), "RUNNING", c);

        ContainerSpec spec = mapper.map(t, c, "ecs-web-3-web-x", n -> null);

        assertThat(spec.labels()).containsEntry(Labels.TASK_ARN, t.arn()).containsEntry(Labels.CONTAINER_NAME, "web")
                .containsEntry(Labels.CLUSTER, "default").containsEntry(Labels.TASK_DEFINITION_FAMILY, "web")
                .containsEntry(Labels.TASK_DEFINITION_VERSION, "3").containsEntry(Labels.CONTAINER_INSTANCE_ARN, INSTANCE);
        assertThat(spec.env()).containsExactly(Map.entry("FOO", "bar"));
        assertThat(spec.command()).containsExactly("httpd", "-f");
        assertThat(spec.cpuShares()).isEqualTo(10);
        assertThat(spec.memoryBytes()).isEqualTo(32L * 1024 * 1024);
        assertThat(spec.networkMode()).isEqualTo("bridge");
        assertThat(spec.ports()).containsExactly(new ContainerSpec.PortSpec(8080, 0, "tcp", "127.0.0.5"),
                new ContainerSpec.PortSpec(9090, 19090, "tcp", "127.0.0.5"));
    }

    @Test
    void cpuSharesHaveAFloorOfTwoAndNoMemoryMeansNoLimit() {
        AcsContainer c = new AcsContainer("a", null, "img", null, null, 0, null, true, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null);

        ContainerSpec spec = mapper.map(task(Tasks.newArn(), "RUNNING", c), c, "n", x -> null);

        assertThat(spec.cpuShares()).isEqualTo(2);
        assertThat(spec.memoryBytes()).isNull();
    }

    @Test
    void hostModePortsAreNotRemapped() {
        AcsContainer c = container("web", "img", true, List.of(), List.of(port(8080, 0)), null, null);

        ContainerSpec spec = mapper.map(Tasks.hostTask(Tasks.newArn(), c), c, "n", x -> null);

        assertThat(spec.networkMode()).isEqualTo("host");
        assertThat(spec.ports()).containsExactly(new ContainerSpec.PortSpec(8080, 8080, "tcp", "127.0.0.5"));
    }

    @Test
    void dockerConfigJsonStringsAreApplied() {
        String config = """
                {"User":"app","WorkingDir":"/srv","Hostname":"h1","StopSignal":"SIGINT","Labels":{"team":"a","com.amazonaws.ecs.cluster":"spoof"},
                 "Healthcheck":{"Test":["CMD-SHELL","true"],"Interval":5000000000,"Timeout":1000000000,"Retries":3,"StartPeriod":0}}""";
        String hostConfig = """
                {"MemoryReservation":16777216,"Ulimits":[{"Name":"nofile","Soft":1024,"Hard":4096}],"Privileged":true,
                 "ReadonlyRootfs":true,"Dns":["10.0.0.2"],"DnsSearch":["svc.local"],"ExtraHosts":["db:10.0.0.3"],
                 "Init":true,"ShmSize":67108864,"CapAdd":["NET_ADMIN"],"CapDrop":["MKNOD"]}""";
        AcsContainer c = container("web", "img", true, List.of(), List.of(), null,
                new AcsContainer.DockerConfig("1.17", config, hostConfig));

        ContainerSpec spec = mapper.map(task(Tasks.newArn(), "RUNNING", c), c, "n", x -> null);

        assertThat(spec.user()).isEqualTo("app");
        assertThat(spec.workingDir()).isEqualTo("/srv");
        assertThat(spec.hostname()).isEqualTo("h1");
        assertThat(spec.stopSignal()).isEqualTo("SIGINT");
        assertThat(spec.labels()).containsEntry("team", "a").containsEntry(Labels.CLUSTER, "default");
        assertThat(spec.healthCheck()).isEqualTo(new ContainerSpec.HealthCheck(List.of("CMD-SHELL", "true"),
                5_000_000_000L, 1_000_000_000L, 3, 0L));
        assertThat(spec.memoryReservationBytes()).isEqualTo(16777216L);
        assertThat(spec.ulimits()).containsExactly(new ContainerSpec.Ulimit("nofile", 1024, 4096));
        assertThat(spec.privileged()).isTrue();
        assertThat(spec.readonlyRootfs()).isTrue();
        assertThat(spec.dns()).containsExactly("10.0.0.2");
        assertThat(spec.dnsSearch()).containsExactly("svc.local");
        assertThat(spec.extraHosts()).containsExactly("db:10.0.0.3");
        assertThat(spec.init()).isTrue();
        assertThat(spec.shmSize()).isEqualTo(67108864L);
        assertThat(spec.capAdd()).containsExactly("NET_ADMIN");
        assertThat(spec.capDrop()).containsExactly("MKNOD");
    }

    @Test
    void linksNameTheOtherContainersDockerName() {
        AcsContainer db = container("db", "img", true, List.of());
        AcsContainer web = new AcsContainer("web", null, "img", null, null, 10, 32, true, null, null, List.of("db:database"),
                null, null, null, null, null, null, null, null, null, null, null, null);
        AcsTask t = task(Tasks.newArn(), "RUNNING", db, web);

        ContainerSpec spec = mapper.map(t, web, "n", name -> name.equals("db") ? "ecs-web-3-db-1" : null);

        assertThat(spec.links()).containsExactly("ecs-web-3-db-1:database");
        assertThat(StepPlanner.startOrder(TaskRecord.fresh(t))).containsExactly("db", "web");
    }

    @Test
    void badDockerConfigIsRefused() {
        AcsContainer c = container("web", "img", true, List.of(), List.of(), null,
                new AcsContainer.DockerConfig(null, "{not json", null));

        assertThatThrownBy(() -> mapper.map(task(Tasks.newArn(), "RUNNING", c), c, "n", x -> null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dockerConfig.config");
    }

    @Test
    void dockerNamesFollowTheEcsPattern() {
        AcsTask t = task(Tasks.newArn(), "RUNNING", container("web app", "img", true, List.of()));

        assertThat(ContainerSpecMapper.dockerName(t, "web app")).matches("ecs-web-3-web-app-[0-9a-f]{16}");
    }
}
