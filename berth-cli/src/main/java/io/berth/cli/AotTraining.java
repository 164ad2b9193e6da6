package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.registry.Digest;
import io.berth.wire.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The workload the launcher records the JVM's AOT cache with ({@code berth aot-train}, run under
 * {@code -XX:AOTCacheOutput}): a running server driven over loopback HTTP the way the aws CLI and
 * docker drive it, from a JVM of its own ({@link #main}), so that the client's use of the JDK's
 * networking and hashing code does not enter the server's profiles. The JDK (25 and later) keeps
 * the classes the server loaded, already linked, and the method profiles it gathered; a server
 * started with that cache skips loading those classes and compiles its hot paths sooner, which is
 * most of what a freshly started JVM costs on its first image push. Each round pushes an image
 * through /v2/ (layers as paced chunked PATCH bodies, as docker sends them, at once; a monolithic
 * config; a manifest), pulls it back (HEAD and GET of the manifest, GET of every blob, checking
 * digests), and calls the ECS and ECR APIs. Every answer is checked, so a workload that has
 * drifted from the server fails instead of recording error paths.
 */
final class AotTraining {
    private static final String REPOSITORY = "aot-train";
    private static final String ECS = "AmazonEC2ContainerServiceV20141113.";
    private static final String ECR = "AmazonEC2ContainerRegistry_V20150921.";
    private static final String MANIFEST_TYPE = "application/vnd.docker.distribution.manifest.v2+json";
    private static final int LAYERS = 4;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** What a run did: requests answered as expected, and layer bytes sent and read back. */
    record Report(int calls, long bytesPushed, long bytesPulled) {}

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicLong pushed = new AtomicLong();
    private final AtomicLong pulled = new AtomicLong();
    private String basic;

    private AotTraining(URI base) {
        this.base = base;
    }

    /** {@code <server URL> <rounds> <layer bytes>}: runs the workload; exits non-zero, with the reason, if it fails. */
    public static void main(String[] args) throws Exception {
        Report r = run(URI.create(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        System.out.printf("aot-train: %d requests, %d MiB pushed, %d MiB pulled%n", r.calls(), r.bytesPushed() >> 20, r.bytesPulled() >> 20);
    }

    /** Runs {@code rounds} rounds against the server at {@code base}, with layers of {@code layerBytes} each. */
    static Report run(URI base, int rounds, int layerBytes) throws IOException, InterruptedException {
        AotTraining t = new AotTraining(base);
        try (HttpClient ignored = t.http) {
            t.setUp();
            for (int r = 1; r <= rounds; r++) t.round(r, layerBytes);
        }
        return new Report(t.calls.get(), t.pushed.get(), t.pulled.get());
    }

    private void setUp() throws IOException, InterruptedException {
        api(ECS + "CreateCluster", "{\"clusterName\":\"aot-train\"}");
        api(ECS + "RegisterTaskDefinition", """
                {"family":"aot-train","containerDefinitions":[{"name":"app","image":"busybox","memory":64,"essential":true,
                 "command":["sleep","1"],"portMappings":[{"containerPort":80,"hostPort":0}],"environment":[{"name":"A","value":"1"}]}]}""");
        api(ECR + "CreateRepository", "{\"repositoryName\":\"" + REPOSITORY + "\",\"tags\":[{\"Key\":\"k\",\"Value\":\"v\"}]}");
        JsonNode auth = api(ECR + "GetAuthorizationToken", "{}");
        // the token is base64 of "AWS:<password>", which is what a Basic header carries
        basic = "Basic " + auth.path("authorizationData").path(0).path("authorizationToken").asText();
        call(HttpRequest.newBuilder(v2("")).GET(), false, 401);
        call(HttpRequest.newBuilder(v2("")).GET(), true, 200);
    }

    private void round(int r, int layerBytes) throws IOException, InterruptedException {
        api(ECS + "DescribeClusters", "{\"clusters\":[\"aot-train\"]}");
        api(ECS + "DescribeTaskDefinition", "{\"taskDefinition\":\"aot-train\"}");
        api(ECS + "ListTaskDefinitions", "{}");
        // no container instances: ECS refuses the RunTask, after resolving the task definition and cluster
        api(ECS + "RunTask", "{\"cluster\":\"aot-train\",\"taskDefinition\":\"aot-train\",\"count\":1}", 400);
        api(ECS + "ListTasks", "{\"cluster\":\"aot-train\"}");

        List<byte[]> layers = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(r);
        for (int i = 0; i < LAYERS; i++) {
            byte[] b = new byte[layerBytes];
            random.nextBytes(b);
            layers.add(b);
        }
        List<String> digests = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> uploads = new ArrayList<>();
            for (byte[] b : layers) uploads.add(pool.submit(() -> pushChunked(b)));
            for (Future<String> f : uploads) digests.add(f.get());
        } catch (ExecutionException e) {
            throw new IllegalStateException("a layer upload failed: " + e.getCause().getMessage(), e.getCause());
        }
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]},\"round\":" + r + "}").getBytes();
        String configDigest = Digest.of(config).toString();
        call(HttpRequest.newBuilder(v2("/" + REPOSITORY + "/blobs/uploads/?digest=" + configDigest))
                .header("Content-Type", "application/octet-stream").POST(HttpRequest.BodyPublishers.ofByteArray(config)), true, 201);

        ObjectNode manifest = Json.object().put("schemaVersion", 2).put("mediaType", MANIFEST_TYPE);
        manifest.putObject("config").put("mediaType", "application/vnd.docker.container.image.v1+json")
                .put("size", config.length).put("digest", configDigest);
        ArrayNode layerList = manifest.putArray("layers");
        for (String d : digests) {
            layerList.addObject().put("mediaType", "application/vnd.docker.image.rootfs.diff.tar.gzip").put("size", layerBytes).put("digest", d);
        }
        String tag = "r" + r;
        call(HttpRequest.newBuilder(v2("/" + REPOSITORY + "/manifests/" + tag)).header("Content-Type", MANIFEST_TYPE)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(manifest))), true, 201);

        HttpResponse<InputStream> head = call(HttpRequest.newBuilder(v2("/" + REPOSITORY + "/manifests/" + tag))
                .header("Accept", MANIFEST_TYPE + ", application/vnd.oci.image.manifest.v1+json")
                .method("HEAD", HttpRequest.BodyPublishers.noBody()), true, 200);
        String manifestDigest = head.headers().firstValue("Docker-Content-Digest")
                .orElseThrow(() -> new IllegalStateException("HEAD of a manifest answered without Docker-Content-Digest"));
        call(HttpRequest.newBuilder(v2("/" + REPOSITORY + "/manifests/" + manifestDigest)).header("Accept", MANIFEST_TYPE).GET(), true, 200);
        pull(configDigest);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Long>> pulls = new ArrayList<>();
            for (String d : digests) pulls.add(pool.submit(() -> pull(d)));
            for (Future<Long> f : pulls) pulled.addAndGet(f.get());
        } catch (ExecutionException e) {
            throw new IllegalStateException("a layer download failed: " + e.getCause().getMessage(), e.getCause());
        }
        call(HttpRequest.newBuilder(v2("/" + REPOSITORY + "/tags/list")).GET(), true, 200);
        api(ECR + "DescribeImages", "{\"repositoryName\":\"" + REPOSITORY + "\"}");
        api(ECR + "ListImages", "{\"repositoryName\":\"" + REPOSITORY + "\"}");
        api(ECR + "BatchGetImage", "{\"repositoryName\":\"" + REPOSITORY + "\",\"imageIds\":[{\"imageTag\":\"" + tag + "\"}]}");
    }

    /** POST, one chunked PATCH with the whole layer, PUT with the digest: a docker push of one layer. */
    private String pushChunked(byte[] layer) throws IOException, InterruptedException {
        String digest = Digest.of(layer).toString();
        HttpResponse<InputStream> started = call(HttpRequest.newBuilder(v2("/" + REPOSITORY + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()), true, 202);
        // a stream of unknown length goes out chunked, and paced, as docker sends the layer it is compressing
        HttpResponse<InputStream> patched = call(HttpRequest.newBuilder(location(started)).header("Content-Type", "application/octet-stream")
                .method("PATCH", HttpRequest.BodyPublishers.ofInputStream(() -> new Paced(layer))), true, 202);
        URI at = location(patched);
        URI put = URI.create(at + (at.getRawQuery() == null ? "?" : "&") + "digest=" + digest);
        call(HttpRequest.newBuilder(put).PUT(HttpRequest.BodyPublishers.noBody()), true, 201);
        pushed.addAndGet(layer.length);
        return digest;
    }

    private long pull(String digest) throws IOException, InterruptedException {
        HttpResponse<InputStream> got = open(HttpRequest.newBuilder(v2("/" + REPOSITORY + "/blobs/" + digest)).GET(), true, 200);
        MessageDigest sha = Digest.sha256();
        long n = 0;
        try (InputStream in = got.body()) {
            byte[] buf = new byte[64 * 1024];
            for (int k; (k = in.read(buf)) > 0; n += k) sha.update(buf, 0, k);
        }
        String read = Digest.of(sha).toString();
        if (!read.equals(digest)) throw new IllegalStateException("blob " + digest + " came back as " + read);
        return n;
    }

    private JsonNode api(String target, String body) throws IOException, InterruptedException {
        return api(target, body, 200);
    }

    private JsonNode api(String target, String body, int status) throws IOException, InterruptedException {
        HttpResponse<InputStream> r = open(HttpRequest.newBuilder(base.resolve("/")).header("X-Amz-Target", target)
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=berth/20260101/us-east-1/ecs/aws4_request, SignedHeaders=host, Signature=0")
                .POST(HttpRequest.BodyPublishers.ofString(body)), false, status);
        try (InputStream in = r.body()) {
            return Json.MAPPER.readTree(in);
        }
    }

    /** Sends, and checks the status; the caller reads and closes the body. */
    private HttpResponse<InputStream> open(HttpRequest.Builder request, boolean authorized, int status) throws IOException, InterruptedException {
        if (authorized) request.header("Authorization", basic);
        HttpResponse<InputStream> r = http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != status) {
            String body;
            try (InputStream in = r.body()) {
                body = new String(in.readNBytes(2000));
            }
            throw new IllegalStateException(r.request().method() + " " + r.uri() + " " + r.request().headers().firstValue("X-Amz-Target").orElse("")
                    + " answered " + r.statusCode() + ", expected " + status + ": " + body);
        }
        calls.incrementAndGet();
        return r;
    }

    /** Sends, checks the status and reads the body to its end. */
    private HttpResponse<InputStream> call(HttpRequest.Builder request, boolean authorized, int status) throws IOException, InterruptedException {
        HttpResponse<InputStream> r = open(request, authorized, status);
        try (InputStream in = r.body()) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return r;
    }

    private URI v2(String path) {
        return base.resolve("/v2" + path);
    }

    private URI location(HttpResponse<?> r) {
        String l = r.headers().firstValue("Location").orElseThrow(() -> new IllegalStateException(r.uri() + " answered without Location"));
        return r.uri().resolve(l);
    }

    /**
     * A layer handed out 32 KiB at a time with a short pause before each piece, about 16 MB/s: docker
     * gzips a layer as it sends it, so the server finds a little data per wake-up and waits for more
     * in between. A body sent at full speed would exercise the registry's read path differently.
     */
    private static final class Paced extends ByteArrayInputStream {
        private static final int PIECE = 32 * 1024;
        private static final long PAUSE_NANOS = 2_000_000;

        Paced(byte[] bytes) {
            super(bytes);
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            if (available() > 0) LockSupport.parkNanos(PAUSE_NANOS);
            return super.read(b, off, Math.min(len, PIECE));
        }
    }
}
