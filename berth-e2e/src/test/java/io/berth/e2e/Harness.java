package io.berth.e2e;

import io.berth.agent.AgentConfig;
import io.berth.agent.BerthAgent;
import io.berth.model.Labels;
import io.berth.server.BerthServer;
import io.berth.server.ServerConfig;
import io.berth.store.sqlite.SqliteStateStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * A real Berth for end-to-end tests: the control plane on the embedded SQLite store in a temporary
 * directory, agents on Docker as local hosts 127.0.0.2, 127.0.0.3, ... (in this JVM, or as child
 * processes that a test can kill -9), and an AWS SDK ECS client pointed at it.
 */
final class Harness implements AutoCloseable {
    final Path dir;
    final String cluster;
    private BerthServer server;
    private EcsClient ecs;
    private final List<BerthAgent> agents = new ArrayList<>();
    private final List<Process> children = new ArrayList<>();
    private int port;

    Harness(String cluster) throws IOException {
        this.cluster = cluster;
        this.dir = Files.createTempDirectory("berth-e2e-");
        Docker.ensureBusybox();
    }

    Harness startServer() throws Exception {
        ServerConfig cfg = new ServerConfig("127.0.0.1", port, null, dir.resolve("server"), null, Duration.ofSeconds(5))
                .withServices(new io.berth.server.service.ServiceReconciler.Settings(Duration.ofMillis(300), Duration.ofSeconds(3), 50, 50),
                        Duration.ofMillis(250));
        Files.createDirectories(cfg.dataDir());
        server = new BerthServer(cfg, SqliteStateStore.open(cfg.dataDir())).start();
        port = server.port();
        if (ecs == null) {
            ecs = EcsClient.builder().endpointOverride(URI.create(server.url())).region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("berth", "berth"))).build();
        }
        return this;
    }

    void stopServer() {
        server.close();
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    EcsClient ecs() {
        return ecs;
    }

    BerthServer server() {
        return server;
    }

    static String hostAddress(int n) {
        return "127.0.0." + (n + 1);
    }

    AgentConfig.Builder agentConfig(int n) {
        return AgentConfig.builder(URI.create(url()), cluster, hostAddress(n), dir.resolve("agent-" + n))
                .cpu(1024).memoryMiB(1024).introspectionPort(0)
                .attributes(Map.of("berth.machine-id", "e2e-" + cluster))
                .reconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(500))
                .containerStopTimeout(Duration.ofSeconds(2));
    }

    /** Starts agent number {@code n} (1-based) in this JVM; returns once it is registered and connected. */
    BerthAgent startAgent(int n) throws Exception {
        return startAgent(n, b -> b);
    }

    /** Starts agent {@code n} in this JVM with its configuration changed by {@code edit} (e.g. the image pull behaviour). */
    BerthAgent startAgent(int n, UnaryOperator<AgentConfig.Builder> edit) throws Exception {
        BerthAgent a = new BerthAgent(edit.apply(agentConfig(n)).build());
        a.start();
        agents.add(a);
        awaitConnected(a.containerInstanceArn());
        return a;
    }

    /**
     * Waits until the server counts instance {@code arn}'s agent connected: an agent's start returns
     * once its own end of the ACS socket is open, a moment before the server has registered it, and
     * placement only uses instances whose agent the server sees.
     */
    private void awaitConnected(String arn) {
        Await.until(arn + " connected as the server sees it", Duration.ofSeconds(30), () -> ecs.describeContainerInstances(
                b -> b.cluster(cluster).containerInstances(arn)).containerInstances().stream().anyMatch(i -> Boolean.TRUE.equals(i.agentConnected())));
    }

    /** Starts agent {@code n} as a child JVM running {@code berth agent}; returns once it has registered. */
    Process startAgentProcess(int n) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), "io.berth.cli.Main", "agent",
                "--endpoint", url(), "--cluster", cluster, "--host-address", hostAddress(n),
                "--data-dir", dir.resolve("agent-" + n).toString(), "--cpu", "1024", "--memory", "1024", "--introspection-port", "0"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        children.add(p);
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith("Berth agent ")) ready.complete(line);
                }
                ready.completeExceptionally(new IllegalStateException("agent process exited: " + p.waitFor()));
            } catch (Exception e) {
                ready.completeExceptionally(e);
            }
        });
        String line = ready.get(60, TimeUnit.SECONDS);
        awaitConnected(line.substring("Berth agent ".length(), line.indexOf(' ', "Berth agent ".length())));
        return p;
    }

    @Override
    public void close() throws Exception {
        for (Process p : children) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        for (BerthAgent a : agents) a.close();
        if (ecs != null) ecs.close();
        if (server != null) server.close();
        Docker.removeAll(Labels.CLUSTER, "arn:aws:ecs:us-east-1:000000000000:cluster/" + cluster);
        Docker.removeAll(Labels.CLUSTER, cluster);
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
