package io.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.model.TaskStatus;
import io.berth.model.ecs.Task;
import io.berth.server.BerthServer;
import io.berth.server.ServerConfig;
import io.berth.server.state.Keys;
import io.berth.store.sqlite.SqliteStateStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.RunTaskResponse;

/**
 * Benchmark, not a test gate (issue 3, end to end with hollow hosts): the control plane on SQLite in
 * this JVM; {@code berth sim --hosts N} in a second JVM (every host a real agent on the simulated
 * runtime, sharing that JVM's clients); client threads here call RunTask with count 10 until
 * {@code berth.bench.tasks} tasks are RUNNING on the server, i.e. each one's agent took the payload,
 * "started" the container and had its RUNNING report committed. Prints tasks/s from the first
 * RunTask to the last task RUNNING, and the server JVM's heap per task (used heap after a full GC,
 * with the tasks running minus before the first RunTask, over the task count; the client's share is
 * small and included), and the CPU time both JVMs used from the first RunTask to the last task
 * RUNNING, per task, as measured and less what the hosts use idle (measured for 10 s before): on a
 * machine shared with other work, a steadier measure of a change than the rate. Writes {@code target/bench/hollow-hosts.txt}.
 *
 * <p>Run: {@code ./mvnw -B -q -pl berth-e2e -am test -Dtest=HollowHostsBench -Dberth.bench=true
 * -Dsurefire.failIfNoSpecifiedTests=false} with {@code -Dberth.bench.hosts}, {@code .tasks},
 * {@code .clients} to change the size.
 */
@EnabledIfSystemProperty(named = "berth.bench", matches = "true", disabledReason = "a benchmark; run it with -Dberth.bench=true")
class HollowHostsBench {
    private static final int HOSTS = Integer.getInteger("berth.bench.hosts", 5000);
    private static final int TASKS = Integer.getInteger("berth.bench.tasks", 50_000);
    private static final int CLIENTS = Integer.getInteger("berth.bench.clients", 8);
    private static final String SIM_HEAP = System.getProperty("berth.bench.simHeap", "4g");
    private static final Duration IDLE = Duration.ofSeconds(10);
    private static final String SIM_JVM_ARGS = System.getProperty("berth.bench.simJvmArgs", "");
    /**
     * Where the hosts keep their state files. Each real host has a disk of its own; thousands of
     * hollow ones share this machine's one, where every state save is two fsyncs, so by default
     * they keep them in memory (tmpfs) and the benchmark measures the control plane and the agents'
     * protocol work, not one disk's fsync rate.
     */
    private static final String SIM_DATA = System.getProperty("berth.bench.simData",
            Files.isDirectory(Path.of("/dev/shm")) ? "/dev/shm" : System.getProperty("java.io.tmpdir"));

    @Test
    void runTasksOnHollowHostsUntilRunning() throws Exception {
        Path dir = Files.createTempDirectory("berth-bench-hollow-");
        ServerConfig cfg = new ServerConfig("127.0.0.1", 0, null, dir.resolve("server"), null, Duration.ofSeconds(20));
        Files.createDirectories(cfg.dataDir());
        AtomicInteger running = new AtomicInteger();
        AtomicLong lastRunningAt = new AtomicLong();
        Process sim = null;
        Path simData = Files.createTempDirectory(Path.of(SIM_DATA), "berth-bench-sim-");
        try (BerthServer server = new BerthServer(cfg, SqliteStateStore.open(cfg.dataDir())).start();
             EcsClient ecs = EcsClient.builder().endpointOverride(URI.create(server.url())).region(Region.US_EAST_1)
                     .httpClientBuilder(ApacheHttpClient.builder().maxConnections(CLIENTS * 2))
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("berth", "berth"))).build()) {
            server.committer().addListener(changes -> {
                for (var c : changes) {
                    if (c.after() instanceof Task t && t.last() == TaskStatus.RUNNING
                            && !(c.before() instanceof Task b && b.last() == TaskStatus.RUNNING)) {
                        running.incrementAndGet();
                        lastRunningAt.set(System.nanoTime());
                    }
                }
            });
            ecs.createCluster(b -> b.clusterName("bench"));
            ecs.registerTaskDefinition(b -> b.family("hollow").containerDefinitions(ContainerDefinition.builder()
                    .name("app").image("example/app:1").memory(64).cpu(32).build()));

            long t0 = System.nanoTime();
            sim = startSim(server.url(), simData);
            String joined = awaitLine(sim, " simulated hosts joined ", Duration.ofMinutes(20));
            double joinSeconds = (System.nanoTime() - t0) / 1e9;
            System.out.println(joined);
            Await.until("every host's ACS session", Duration.ofMinutes(2), () -> connectedCount(server) >= HOSTS);

            long heapBefore = usedHeapAfterGc();
            // what 5,000 idle hosts and their sessions cost per second (heartbeats, TCS metrics), to take off below
            long idleServer = serverCpuNanos();
            long idleSim = cpuNanos(sim);
            Thread.sleep(IDLE.toMillis());
            double serverIdlePerSecond = (serverCpuNanos() - idleServer) / (double) IDLE.toSeconds();
            double simIdlePerSecond = (cpuNanos(sim) - idleSim) / (double) IDLE.toSeconds();
            long serverCpuBefore = serverCpuNanos();
            long simCpuBefore = cpuNanos(sim);
            AtomicInteger launched = new AtomicInteger();
            AtomicInteger failures = new AtomicInteger();
            long start = System.nanoTime();
            try (ExecutorService clients = Executors.newFixedThreadPool(CLIENTS)) {
                List<Future<?>> fs = new ArrayList<>();
                for (int c = 0; c < CLIENTS; c++) {
                    fs.add(clients.submit(() -> {
                        while (failures.get() < TASKS && launched.getAndAdd(10) < TASKS) {
                            RunTaskResponse r = ecs.runTask(b -> b.cluster("bench").taskDefinition("hollow").count(10));
                            if (!r.failures().isEmpty()) failures.addAndGet(r.failures().size());
                            if (r.tasks().size() < 10) launched.addAndGet(r.tasks().size() - 10);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : fs) f.get(30, TimeUnit.MINUTES);
            }
            long launchedAt = System.nanoTime();
            Await.until(TASKS + " tasks RUNNING", Duration.ofMinutes(10), () -> running.get() >= TASKS);
            double seconds = (lastRunningAt.get() - start) / 1e9;
            double cpuSeconds = (System.nanoTime() - start) / 1e9;
            double serverRawMs = (serverCpuNanos() - serverCpuBefore) / 1e6;
            double simRawMs = (cpuNanos(sim) - simCpuBefore) / 1e6;
            double serverCpuMs = serverRawMs - serverIdlePerSecond * cpuSeconds / 1e6;
            double simCpuMs = simRawMs - simIdlePerSecond * cpuSeconds / 1e6;
            long heapAfter = usedHeapAfterGc();
            long stored = server.state().range(Keys.tasksOf("bench"), Task.class).stream().filter(t -> t.last() == TaskStatus.RUNNING).count();
            assertThat(stored).isGreaterThanOrEqualTo(TASKS);

            String report = String.format(Locale.ROOT,
                    "%s%n%d hosts joined and connected in %.1f s%n"
                            + "%d tasks RUNNING in %.1f s with %d client threads (RunTask count 10): %.0f tasks/s "
                            + "(all RunTask calls answered after %.1f s; %d placement failures retried)%n"
                            + "server JVM heap after full GC: %.0f MiB before, %.0f MiB with the tasks: %.0f bytes per task%n"
                            + "CPU time while placing and running them: server JVM (with the client) %.0f s, sim JVM %.0f s: "
                            + "%.3f + %.3f = %.3f ms per task%n"
                            + "the same less what the idle hosts used (%.2f + %.2f cores, measured over 10 s): "
                            + "server JVM %.0f s, sim JVM %.0f s: %.3f + %.3f = %.3f ms per task%n",
                    joined, HOSTS, joinSeconds, running.get(), seconds, CLIENTS, running.get() / seconds,
                    (launchedAt - start) / 1e9, failures.get(),
                    heapBefore / 1048576.0, heapAfter / 1048576.0, (heapAfter - heapBefore) / (double) running.get(),
                    serverRawMs / 1000, simRawMs / 1000, serverRawMs / running.get(), simRawMs / running.get(),
                    (serverRawMs + simRawMs) / running.get(),
                    serverIdlePerSecond / 1e9, simIdlePerSecond / 1e9, serverCpuMs / 1000, simCpuMs / 1000, serverCpuMs / running.get(), simCpuMs / running.get(),
                    (serverCpuMs + simCpuMs) / running.get());
            System.out.print(report);
            Path out = Path.of("target", "bench", "hollow-hosts.txt");
            Files.createDirectories(out.getParent());
            Files.writeString(out, report);
        } finally {
            if (sim != null) {
                sim.destroy(); // SIGTERM: its shutdown hook closes the hosts
                if (!sim.waitFor(2, TimeUnit.MINUTES)) sim.destroyForcibly();
            }
            for (Path root : List.of(simData, dir)) {
                try (var files = Files.walk(root)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
    }

    /** CPU time this JVM (server and client) has used, all threads. */
    private static long serverCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** CPU time the process has used, or 0 when the platform does not say. */
    private static long cpuNanos(Process p) {
        return p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    private static int connectedCount(BerthServer server) {
        int n = 0;
        for (var i : server.state().range(Keys.instancesOf("bench"), io.berth.model.ecs.ContainerInstance.class)) {
            if (server.gateway().connected(i.containerInstanceArn())) n++;
        }
        return n;
    }

    private static Process startSim(String url, Path data) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + SIM_HEAP, "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
        if (!SIM_JVM_ARGS.isBlank()) cmd.addAll(List.of(SIM_JVM_ARGS.trim().split("\\s+")));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.berth.cli.Main", "sim", "--hosts", Integer.toString(HOSTS),
                "--endpoint", url, "--cluster", "bench", "--parallel", "64", "--data-dir", data.toString()));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    /** Echoes the process's output and returns the first line containing {@code marker}. */
    private static String awaitLine(Process p, String marker, Duration timeout) throws Exception {
        CompletableFuture<String> found = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    System.out.println("[sim] " + line);
                    if (line.contains(marker)) found.complete(line);
                }
                found.completeExceptionally(new IllegalStateException("sim exited: " + p.waitFor()));
            } catch (Exception e) {
                found.completeExceptionally(e);
            }
        });
        return found.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static long usedHeapAfterGc() {
        var mem = ManagementFactory.getMemoryMXBean();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            best = Math.min(best, mem.getHeapMemoryUsage().getUsed());
        }
        return best;
    }
}
