package io.berth.agent.sim;

import io.berth.agent.AgentClients;
import io.berth.agent.AgentConfig;
import io.berth.agent.BerthAgent;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * N hollow hosts in this JVM: each a real {@link BerthAgent} (registration, ACS/TCS sessions, task
 * engine, state file) over a {@link SimRuntime}. Hosts get Availability Zones a, b, c in turn, a
 * machine id of their own (so host ports never clash between them), and no introspection port.
 * All hosts share one set of {@link AgentClients} and one timer, so a host costs virtual threads and
 * sockets but no platform thread of its own: thousands fit in one JVM.
 */
public final class SimHosts implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SimHosts.class);
    private final List<BerthAgent> agents = Collections.synchronizedList(new ArrayList<>());
    private final List<SimRuntime> runtimes = Collections.synchronizedList(new ArrayList<>());
    private final AgentClients clients = AgentClients.start();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sim-timer");
        t.setDaemon(true);
        return t;
    });

    /** How each simulated host is made. */
    public record Spec(URI endpoint, String cluster, int cpu, int memoryMiB, String region, Duration startDelay, Path dataRoot,
                       Map<String, String> attributes) {}

    /**
     * Starts {@code n} hosts, {@code parallelism} at a time, and returns once every one has its ACS
     * session up. A host that fails to start is logged and counted out; returns how many started.
     */
    public int start(Spec spec, int n, int parallelism) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallelism), Thread.ofVirtual().factory());
        List<Future<?>> starts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int index = i;
            starts.add(pool.submit(() -> {
                startOne(spec, index);
                return null;
            }));
        }
        int ok = 0;
        for (Future<?> f : starts) {
            try {
                f.get();
                ok++;
            } catch (java.util.concurrent.ExecutionException e) {
                log.warn("a simulated host did not start: {}", e.getCause().toString());
            }
        }
        pool.shutdown();
        return ok;
    }

    private void startOne(Spec spec, int index) throws Exception {
        String id = String.format("sim%05d", index);
        Map<String, String> attrs = new java.util.HashMap<>(spec.attributes());
        attrs.put("ecs.availability-zone", spec.region() + "abc".charAt(index % 3));
        attrs.put("berth.machine-id", id);
        attrs.put("berth.simulated", "true");
        Path dir = Files.createDirectories(spec.dataRoot().resolve(id));
        AgentConfig config = AgentConfig.builder(spec.endpoint(), spec.cluster(), "127.0.0.1", dir)
                .cpu(spec.cpu()).memoryMiB(spec.memoryMiB()).attributes(attrs).region(spec.region())
                .introspectionPort(-1).taskCleanupWait(Duration.ofSeconds(30)).build();
        SimRuntime runtime = new SimRuntime(id, spec.startDelay(), timer);
        BerthAgent agent = new BerthAgent(config, runtime, clients);
        agent.start();
        runtimes.add(runtime);
        agents.add(agent);
    }

    public List<SimRuntime> runtimes() {
        return List.copyOf(runtimes);
    }

    /** The hosts that started, in no particular order. */
    public List<BerthAgent> agents() {
        synchronized (agents) {
            return List.copyOf(agents);
        }
    }

    public int size() {
        return agents.size();
    }

    @Override
    public void close() {
        List<BerthAgent> all;
        synchronized (agents) {
            all = List.copyOf(agents);
        }
        // in parallel: each close waits for its sessions to end, and thousands of those in a row take minutes
        try (ExecutorService closing = Executors.newVirtualThreadPerTaskExecutor()) {
            for (BerthAgent a : all) {
                closing.execute(() -> {
                    try {
                        a.close();
                    } catch (Exception e) {
                        log.debug("closing a simulated host: {}", e.toString());
                    }
                });
            }
        }
        runtimes.forEach(SimRuntime::close);
        clients.close();
        timer.shutdownNow();
    }
}
