package io.berth.cli;

import io.berth.agent.AgentConfig;
import io.berth.agent.BerthAgent;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code berth agent}: one host agent, e.g. on another machine. */
@Command(name = "agent", mixinStandardHelpOptions = true, description = "Run one host agent against a control plane.")
final class AgentCommand implements Callable<Integer> {
    @Option(names = "--endpoint", required = true, description = "The control plane, e.g. http://10.0.0.5:4566.")
    URI endpoint;

    @Option(names = "--cluster", description = "Cluster to join (default ${DEFAULT-VALUE}).")
    String cluster = "default";

    @Option(names = "--host-address", description = "Address this host's bridge-mode ports bind on (default ${DEFAULT-VALUE}).")
    String hostAddress = "127.0.0.1";

    @Option(names = "--data-dir", description = "Where the agent keeps its state (default ${DEFAULT-VALUE}).")
    Path dataDir = Path.of(".berth", "agent");

    @Option(names = "--introspection-port", description = "Port of the introspection API on the host address (0 = off; default ${DEFAULT-VALUE}).")
    int introspectionPort = AgentConfig.DEFAULT_INTROSPECTION_PORT;

    @Mixin
    AgentOptions resources = new AgentOptions();

    @Override
    public Integer call() throws Exception {
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("berth.machine-id", Launch.machineId());
        attrs.putAll(resources.attributes);
        AgentConfig config = AgentConfig.builder(endpoint, cluster, hostAddress, dataDir)
                .cpu(resources.cpu != null ? resources.cpu : AgentOptions.machineCpu())
                .memoryMiB(resources.memory != null ? resources.memory : AgentOptions.machineMemoryMiB())
                .attributes(attrs)
                .introspectionPort(introspectionPort)
                .build();
        BerthAgent agent = Launch.agent(config);
        System.out.println("Berth agent " + agent.containerInstanceArn() + " on " + hostAddress + ", cluster " + cluster);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }
}
