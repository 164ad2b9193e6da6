package io.berth.agent.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.Link;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Ulimit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Translates a {@link ContainerSpec} into docker-java's create command. */
final class DockerSpecs {
    private DockerSpecs() {}

    static CreateContainerCmd createCommand(DockerClient docker, ContainerSpec spec) {
        HostConfig host = HostConfig.newHostConfig();
        if (spec.cpuShares() != null) host.withCpuShares(Math.toIntExact(spec.cpuShares()));
        if (spec.memoryBytes() != null) host.withMemory(spec.memoryBytes());
        if (spec.memoryReservationBytes() != null) host.withMemoryReservation(spec.memoryReservationBytes());
        if (spec.networkMode() != null) host.withNetworkMode(spec.networkMode());
        List<ExposedPort> exposed = new ArrayList<>();
        if (!"host".equals(spec.networkMode())) {
            Ports bindings = new Ports();
            for (ContainerSpec.PortSpec p : spec.ports()) {
                ExposedPort port = new ExposedPort(p.containerPort(), InternetProtocol.parse(p.protocol()));
                exposed.add(port);
                bindings.bind(port, p.hostPort() == 0 ? Ports.Binding.bindIp(p.hostIp())
                        : Ports.Binding.bindIpAndPort(p.hostIp(), p.hostPort()));
            }
            host.withPortBindings(bindings);
        }
        if (!spec.links().isEmpty()) host.withLinks(spec.links().stream().map(Link::parse).toList());
        if (!spec.ulimits().isEmpty()) {
            host.withUlimits(spec.ulimits().stream().map(u -> new Ulimit(u.name(), u.soft(), u.hard())).toList());
        }
        if (spec.privileged()) host.withPrivileged(true);
        if (spec.readonlyRootfs()) host.withReadonlyRootfs(true);
        if (!spec.dns().isEmpty()) host.withDns(spec.dns());
        if (!spec.dnsSearch().isEmpty()) host.withDnsSearch(spec.dnsSearch());
        if (!spec.extraHosts().isEmpty()) host.withExtraHosts(spec.extraHosts().toArray(String[]::new));
        if (spec.init() != null) host.withInit(spec.init());
        if (spec.shmSize() != null) host.withShmSize(spec.shmSize());
        if (!spec.capAdd().isEmpty()) host.withCapAdd(capabilities(spec.capAdd()));
        if (!spec.capDrop().isEmpty()) host.withCapDrop(capabilities(spec.capDrop()));

        CreateContainerCmd cmd = docker.createContainerCmd(spec.image())
                .withName(spec.name())
                .withLabels(spec.labels())
                .withEnv(spec.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
                .withHostConfig(host);
        if (!exposed.isEmpty()) cmd.withExposedPorts(exposed);
        if (spec.command() != null && !spec.command().isEmpty()) cmd.withCmd(spec.command());
        if (spec.entryPoint() != null && !spec.entryPoint().isEmpty()) cmd.withEntrypoint(spec.entryPoint());
        if (spec.user() != null) cmd.withUser(spec.user());
        if (spec.workingDir() != null) cmd.withWorkingDir(spec.workingDir());
        if (spec.hostname() != null) cmd.withHostName(spec.hostname());
        if (spec.stopSignal() != null) cmd.withStopSignal(spec.stopSignal());
        ContainerSpec.HealthCheck h = spec.healthCheck();
        if (h != null) {
            cmd.withHealthcheck(new HealthCheck().withTest(h.test()).withInterval(h.intervalNanos())
                    .withTimeout(h.timeoutNanos()).withRetries(h.retries()).withStartPeriod(h.startPeriodNanos()));
        }
        return cmd;
    }

    private static Capability[] capabilities(List<String> names) {
        return names.stream().map(n -> {
            String bare = n.toUpperCase(Locale.ROOT);
            if (bare.startsWith("CAP_")) bare = bare.substring(4);
            try {
                return Capability.valueOf(bare);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown capability " + n);
            }
        }).toArray(Capability[]::new);
    }
}
