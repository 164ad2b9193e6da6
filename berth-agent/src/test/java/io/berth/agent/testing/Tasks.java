package io.berth.agent.testing;

import io.berth.wire.acs.AcsContainer;
import io.berth.wire.acs.AcsTask;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Fixture factories for ACS tasks, like Nomad's mock.Job(). */
public final class Tasks {
    public static final String CLUSTER_ARN = "arn:aws:ecs:us-east-1:000000000000:cluster/default";

    private Tasks() {}

    public static String newArn() {
        return "arn:aws:ecs:us-east-1:000000000000:task/default/" + UUID.randomUUID().toString().replace("-", "");
    }

    public static AcsTask task(String arn, String desired, AcsContainer... containers) {
        return new AcsTask(arn, CLUSTER_ARN, "web", "3", desired, "000000000000", "bridge", "EXTERNAL", null, null,
                null, null, null, null, null, null, null, null, List.of(containers));
    }

    public static AcsTask hostTask(String arn, AcsContainer... containers) {
        return new AcsTask(arn, CLUSTER_ARN, "web", "3", "RUNNING", "000000000000", "host", "EXTERNAL", null, null,
                null, null, null, null, null, null, null, null, List.of(containers));
    }

    public static AcsTask withDesired(AcsTask t, String desired) {
        return new AcsTask(t.arn(), t.taskClusterArn(), t.family(), t.version(), desired, t.taskDefinitionAccountId(),
                t.networkMode(), t.launchType(), t.serviceName(), t.group(), t.overrides(), t.cpu(), t.memory(),
                t.pidMode(), t.ipcMode(), t.volumes(), t.roleCredentials(), t.executionRoleCredentials(), t.containers());
    }

    public static AcsContainer container(String name, String image, boolean essential, List<String> command) {
        return container(name, image, essential, command, List.of(), null, null);
    }

    public static AcsContainer container(String name, String image, boolean essential, List<String> command,
            List<AcsContainer.PortMapping> ports, Integer stopTimeout, AcsContainer.DockerConfig dockerConfig) {
        return new AcsContainer(name, null, image, command, null, 10, 32, essential, Map.of("FOO", "bar"), ports,
                null, dockerConfig, null, null, stopTimeout, null, null, null, null, null, null, null, null);
    }

    public static AcsContainer.PortMapping port(int containerPort, int hostPort) {
        return new AcsContainer.PortMapping(containerPort, hostPort, null, "tcp");
    }
}
