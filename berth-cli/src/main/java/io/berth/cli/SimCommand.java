package io.berth.cli;

import io.berth.agent.sim.SimHosts;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth sim}: hollow hosts, the real agent over a simulated container runtime. */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = "Register N simulated hosts (real agent code, simulated containers) against a control plane.")
final class SimCommand implements Callable<Integer> {
    @Option(names = "--hosts", required = true, description = "How many hosts to simulate.")
    int hosts;

    @Option(names = "--endpoint", description = "The control plane (default ${DEFAULT-VALUE}).")
    URI endpoint = URI.create("http://127.0.0.1:4566");

    @Option(names = "--cluster", description = "Cluster to join (default ${DEFAULT-VALUE}).")
    String cluster = "default";

    @Option(names = "--cpu", description = "CPU units per host (default ${DEFAULT-VALUE}).")
    int cpu = 4096;

    @Option(names = "--memory", description = "Memory per host in MiB (default ${DEFAULT-VALUE}).")
    int memory = 16384;

    @Option(names = "--start-delay", description = "How long a simulated container takes to start, e.g. PT0.5S (default ${DEFAULT-VALUE}).")
    Duration startDelay = Duration.ZERO;

    @Option(names = "--parallel", description = "Hosts registering at once (default ${DEFAULT-VALUE}).")
    int parallel = 16;

    @Option(names = "--attribute", description = "A custom attribute name=value for every host (repeatable).")
    Map<String, String> attributes = new LinkedHashMap<>();

    @Option(names = "--data-dir", description = "Where the hosts keep their state (default: a new temporary directory).")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        Path root = dataDir != null ? dataDir : Files.createTempDirectory("berth-sim");
        SimHosts sim = new SimHosts();
        long t0 = System.nanoTime();
        int started = sim.start(new SimHosts.Spec(endpoint, cluster, cpu, memory, "us-east-1", startDelay, root, attributes), hosts, parallel);
        System.out.printf("%d of %d simulated hosts joined cluster %s at %s in %.1f s (state in %s)%n",
                started, hosts, cluster, endpoint, (System.nanoTime() - t0) / 1e9, root);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.close();
            stopped.countDown();
        }));
        stopped.await();
        return started == hosts ? 0 : 1;
    }
}
