package io.berth.registry;

import io.berth.registry.auth.Tokens;
import io.berth.registry.blob.BlobCollector;
import io.berth.registry.blob.BlobStore;
import io.berth.registry.blob.Uploads;
import io.berth.registry.ecr.EcrApi;
import io.berth.registry.ecr.EcrContext;
import io.berth.registry.http.RegistryHandler;
import io.berth.registry.lifecycle.LifecycleRunner;
import io.berth.registry.meta.Metadata;
import io.berth.store.StateStore;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.eclipse.jetty.server.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Berth's container registry: the OCI distribution API ({@link #handler}) and the ECR API
 * ({@link #api}) over one set of records (StateStore, keys under {@code ecr/}) and blob files
 * (under {@code <dataDir>/registry}). Unreferenced blobs are collected periodically.
 *
 * <pre>
 *  docker ──/v2/──▶ RegistryHandler ─┐                 ┌─▶ Metadata ──▶ StateStore (ecr/…)
 *                                     ├─▶ ImageService ─┤
 *  aws ecr ─JSON─▶ EcrApi ───────────┘   Uploads ──────┴─▶ BlobStore ──▶ files (sha256/ab/…)
 * </pre>
 */
public final class Registry implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Registry.class);
    public static final Duration GC_GRACE = Duration.ofHours(1);
    private static final AtomicBoolean WARMED = new AtomicBoolean();

    private final Metadata meta;
    private final BlobStore blobs;
    private final Uploads uploads;
    private final ImageService images;
    private final Tokens tokens;
    private final LifecycleRunner lifecycle;
    private final BlobCollector collector;
    private final EcrApi api;
    private final Supplier<String> baseUrl;
    private final ScheduledExecutorService gc = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("registry-gc").factory());

    /**
     * @param baseUrl the server's base URL once it is listening (e.g. http://127.0.0.1:4566): the
     *     registry host in repositoryUri and proxyEndpoint
     */
    public Registry(Path dataDir, StateStore store, String account, String region, Clock clock, Supplier<String> baseUrl) {
        this.baseUrl = baseUrl;
        this.meta = new Metadata(store);
        this.blobs = new BlobStore(dataDir.resolve("registry"));
        this.uploads = new Uploads(blobs, clock);
        this.images = new ImageService(meta, blobs, clock);
        this.tokens = Tokens.open(store, account, clock);
        this.lifecycle = new LifecycleRunner(meta, clock);
        images.onPush(lifecycle::run);
        this.collector = new BlobCollector(meta, blobs, uploads, images.gcLock().writeLock(), clock);
        this.api = new EcrApi(new EcrContext(meta, images, uploads, tokens, lifecycle, account, region, clock, baseUrl));
        gc.scheduleWithFixedDelay(this::collectQuietly, 30, 30, TimeUnit.MINUTES);
        warmUpOnce();
    }

    /**
     * Once per JVM, on a background thread, builds what a freshly started registry's first push and
     * pull would otherwise wait for. Each was found with JFR, and none can be kept by an AOT cache:
     * - the JDK's reflective accessor for mapped buffers, which blob downloads are written from: its
     *   first use generates method-handle classes, 10–14 ms inside the first large download;
     * - Jackson's readers and writers of the stored records ({@link Metadata#primeCodecs});
     * - SHA-256 compiled to the CPU's SHA instructions ({@link Digest#warmUp}).
     */
    private static void warmUpOnce() {
        if (!WARMED.compareAndSet(false, true)) return;
        Thread.ofPlatform().daemon().name("berth-registry-warm-up").start(() -> {
            Path scratch = null;
            try {
                scratch = Files.createTempFile("berth-map-", ".tmp");
                try (FileChannel ch = FileChannel.open(scratch, StandardOpenOption.READ)) {
                    ch.map(FileChannel.MapMode.READ_ONLY, 0, 0);
                }
            } catch (IOException | RuntimeException ignored) {
                // only a head start: the first download builds the accessor itself
            } finally {
                if (scratch != null) scratch.toFile().delete();
            }
            Metadata.primeCodecs();
            Digest.warmUp();
        });
    }

    /** The /v2/ handler; requests outside /v2/ go to {@code next}. */
    public Handler handler(Handler next) {
        return new RegistryHandler(images, uploads, tokens, baseUrl, next);
    }

    public EcrApi api() {
        return api;
    }

    public Tokens tokens() {
        return tokens;
    }

    /** Runs garbage collection now with the given grace period. */
    public BlobCollector.Result collectGarbage(Duration grace) {
        return collector.collect(grace);
    }

    private void collectQuietly() {
        try {
            BlobCollector.Result r = collector.collect(GC_GRACE);
            if (r.blobsDeleted() > 0) log.info("registry GC deleted {} blobs ({} bytes)", r.blobsDeleted(), r.bytesFreed());
        } catch (RuntimeException e) {
            log.warn("registry GC failed", e);
        }
    }

    @Override
    public void close() {
        gc.shutdownNow();
        meta.close();
    }
}
