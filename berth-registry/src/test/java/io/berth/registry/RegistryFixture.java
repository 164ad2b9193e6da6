package io.berth.registry;

import io.berth.store.memory.MemoryStateStore;
import io.berth.wire.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** A registry on a real Jetty port over an in-memory store and a temporary data directory, with an HTTP client. */
final class RegistryFixture implements AutoCloseable {
    final Path dir;
    final MemoryStateStore store;
    private final Clock clock;
    final Registry registry;
    final Server jetty = new Server();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final String base;
    final String auth;

    RegistryFixture() throws Exception {
        this(Clock.systemUTC());
    }

    /** A registry whose tokens, uploads and lifecycle see {@code clock}. */
    RegistryFixture(Clock clock) throws Exception {
        this(clock, Files.createTempDirectory("berth-registry-test"), new MemoryStateStore());
    }

    private RegistryFixture(Clock clock, Path dir, MemoryStateStore store) throws Exception {
        this.clock = clock;
        this.dir = dir;
        this.store = store;
        ServerConnector c = new ServerConnector(jetty);
        c.setHost("127.0.0.1");
        jetty.addConnector(c);
        String[] url = new String[1];
        registry = new Registry(dir, store, "000000000000", "us-east-1", clock, () -> url[0]);
        jetty.setHandler(registry.handler(null));
        jetty.start();
        url[0] = "http://127.0.0.1:" + c.getLocalPort();
        base = url[0];
        auth = "Basic " + io.berth.registry.auth.Tokens.basic(registry.tokens().issue().token());
    }

    /**
     * Stops this registry without tidying anything up, as a crash leaves its files, and starts a
     * new one over the same directory and store; the caller closes the returned fixture instead.
     */
    RegistryFixture restart() throws Exception {
        jetty.stop();
        registry.close();
        return new RegistryFixture(clock, dir, store);
    }

    /** Calls an ECR operation directly. */
    Object ecr(String op, Map<String, ?> input) {
        return registry.api().call(op, Json.tree(input), null);
    }

    void createRepo(String name) {
        ecr("CreateRepository", Map.of("repositoryName", name));
    }

    HttpResponse<byte[]> send(String method, String path, byte[] body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (!java.util.List.of(headers).contains("Authorization")) b.header("Authorization", auth);
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    /** Uploads a blob monolithically; returns its digest. */
    String pushBlob(String repo, byte[] content) throws Exception {
        Digest d = Digest.of(content);
        var r = send("POST", "/v2/" + repo + "/blobs/uploads/?digest=" + d, content, "Content-Type", "application/octet-stream");
        if (r.statusCode() != 201) throw new AssertionError("blob upload: " + r.statusCode() + " " + text(r));
        return d.toString();
    }

    static String manifest(String config, long configSize, String... layers) {
        StringBuilder sb = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",")
                .append("\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"").append(config)
                .append("\",\"size\":").append(configSize).append("},\"layers\":[");
        for (int i = 0; i < layers.length; i++) {
            if (i > 0) sb.append(',');
            sb.append("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"").append(layers[i]).append("\",\"size\":1}");
        }
        return sb.append("]}").toString();
    }

    /** Files under the blob directory, and under uploads. */
    long blobFiles() throws IOException {
        try (Stream<Path> s = Files.walk(dir.resolve("registry/blobs"))) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    long uploadFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("registry/uploads"))) {
            return s.count();
        }
    }

    @Override
    public void close() throws Exception {
        jetty.stop();
        registry.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
