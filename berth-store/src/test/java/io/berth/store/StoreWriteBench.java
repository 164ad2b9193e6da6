package io.berth.store;

import io.berth.store.sqlite.SqliteStateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * Acknowledged (fsynced) write txns per second on the embedded store with 1, 8 and 64 concurrent
 * writers on virtual threads, each writing its own keys with 256-byte values. Not a test: run it by
 * hand and copy the figures into BENCHMARKS.md.
 *
 * <pre>
 * java -cp berth-store/target/test-classes:berth-store/target/classes:$(deps) io.berth.store.StoreWriteBench [seconds] [dir]
 * </pre>
 */
public final class StoreWriteBench {
    private static final byte[] VALUE = new byte[256];

    private StoreWriteBench() {}

    public static void main(String[] args) throws Exception {
        Duration each = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 3);
        Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("berth-store-bench");
        Arrays.fill(VALUE, (byte) 'x');
        try (SqliteStateStore store = SqliteStateStore.open(dir.resolve("data"))) {
            run(store, 8, Duration.ofSeconds(1), "warm-up");
            System.out.printf("%-8s %8s %12s %12s %14s%n", "writers", "txns", "txn/s", "commits", "txns/commit");
            for (int writers : new int[] {1, 8, 64}) run(store, writers, each, null);
        } finally {
            if (args.length <= 1) deleteTree(dir);
        }
    }

    private static void run(SqliteStateStore store, int writers, Duration length, String label) throws Exception {
        LongAdder acked = new LongAdder();
        long commitsBefore = store.batchesCommitted();
        long start = System.nanoTime();
        long deadline = start + length.toNanos();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < writers; w++) {
                String prefix = "bench/" + (label == null ? writers : label) + "/" + w + "/";
                pool.submit(() -> {
                    for (long i = 0; System.nanoTime() < deadline; i++) {
                        store.txn(Txn.builder().put(prefix + i, VALUE).build());
                        acked.increment();
                    }
                    return null;
                });
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long commits = store.batchesCommitted() - commitsBefore;
        if (label != null) return;
        System.out.printf("%-8d %8d %12.0f %12d %14.1f%n",
                writers, acked.sum(), acked.sum() / seconds, commits, (double) acked.sum() / Math.max(1, commits));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
