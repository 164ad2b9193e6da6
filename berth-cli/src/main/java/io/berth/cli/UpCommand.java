package io.berth.cli;

import io.berth.agent.AgentConfig;
import io.berth.agent.BerthAgent;
import io.berth.server.BerthServer;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code berth up}: the control plane on the embedded store plus N local agents, each a host with
 * its own loopback address (127.0.0.2, 127.0.0.3, ...) and a share of this machine, registered to
 * the {@code default} cluster. Ctrl-C stops Berth; task containers keep running and are adopted
 * on the next start.
 */
@Command(name = "up", mixinStandardHelpOptions = true, description = "Run the control plane and local agents.")
final class UpCommand implements Callable<Integer> {
    private static final String[] ZONES = {"a", "b", "c"};

    @Mixin
    ServerOptions server = new ServerOptions();

    @Mixin
    AgentOptions resources = new AgentOptions();

    @Option(names = "--agents", description = "How many local hosts to run (default ${DEFAULT-VALUE}).")
    int agents = 1;

    @Option(names = "--cluster", description = "Cluster the local hosts join (default ${DEFAULT-VALUE}).")
    String cluster = "default";

    @Override
    public Integer call() throws Exception {
        if (agents < 0 || agents > 250) throw new IllegalArgumentException("--agents must be between 0 and 250");
        BerthServer control = Launch.server(server.config());
        List<BerthAgent> running = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.forEach(BerthAgent::close);
            control.close();
        }));
        String machine = Launch.machineId();
        int cpu = resources.cpu != null ? resources.cpu : Math.max(128, AgentOptions.machineCpu() / Math.max(1, agents));
        int memory = resources.memory != null ? resources.memory : Math.max(128, AgentOptions.machineMemoryMiB() / Math.max(1, agents));
        for (int i = 0; i < agents; i++) {
            Map<String, String> attrs = new LinkedHashMap<>();
            attrs.put("berth.machine-id", machine);
            attrs.put("ecs.availability-zone", server.region + ZONES[i % ZONES.length]);
            attrs.putAll(resources.attributes);
            String address = "127.0.0." + (i + 2);
            AgentConfig config = AgentConfig.builder(URI.create(control.url()), cluster, address, server.dataDir.resolve("agent-" + (i + 1)))
                    .cpu(cpu).memoryMiB(memory).attributes(attrs).build();
            running.add(Launch.agent(config));
        }
        printWelcome(control.url());
        new CountDownLatch(1).await();
        return 0;
    }

    private void printWelcome(String url) {
        System.out.printf("""

                Berth is up: ECS endpoint %s, %d local host(s) in cluster '%s'.

                Try it with the aws CLI (any credentials work):
                  aws --endpoint-url %s ecs list-container-instances --cluster %s
                  aws --endpoint-url %s ecs register-task-definition --family web \\
                      --container-definitions '[{"name":"web","image":"berth-test/busybox:latest","memory":64,"essential":true,"stopTimeout":2,"command":["sh","-c","mkdir -p /www && echo hello > /www/index.html && exec httpd -f -p 8080 -h /www"],"portMappings":[{"containerPort":8080}]}]'
                  aws --endpoint-url %s ecs run-task --cluster %s --task-definition web --count 2

                Ctrl-C stops Berth; running task containers keep running and are adopted on the next start.
                """, url, agents, cluster, url, cluster, url, url, cluster);
        System.out.flush();
    }
}
