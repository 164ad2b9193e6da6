package io.berth.server;

import io.berth.store.memory.MemoryStateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * A control plane on a free loopback port over an in-memory store and a temporary data directory
 * (the registry's files), and an ECS client for it.
 */
final class ServerFixture implements AutoCloseable {
    final BerthServer server;
    private final Path dataDir;
    final EcsClient ecs;
    private final org.eclipse.jetty.websocket.client.WebSocketClient ws = new org.eclipse.jetty.websocket.client.WebSocketClient();
    private FakeAgents agents;

    ServerFixture() throws Exception {
        dataDir = Files.createTempDirectory("berth-server-test");
        server = new BerthServer(new ServerConfig("127.0.0.1", 0, null, dataDir, null, Duration.ofSeconds(1))
                .withServices(new io.berth.server.service.ServiceReconciler.Settings(Duration.ofMillis(200), Duration.ofSeconds(2), 50, 50),
                        Duration.ofMillis(100)),
                new MemoryStateStore()).start();
        ecs = client(server.url());
    }

    static EcsClient client(String url) {
        return client(EcsClient.builder(), url);
    }

    /** An AWS SDK client from {@code builder} for the Berth server at {@code url}, with the tests' credentials. */
    static <B extends AwsClientBuilder<B, C>, C> C client(B builder, String url) {
        return builder.endpointOverride(URI.create(url)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("berth", "berth"))).build();
    }

    /** Wire-level stand-ins for agents against this server (started on first use). */
    FakeAgents agents() throws Exception {
        if (agents == null) {
            ws.start();
            agents = new FakeAgents(server.url(), ws);
        }
        return agents;
    }

    @Override
    public void close() {
        try {
            ws.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        ecs.close();
        server.close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
