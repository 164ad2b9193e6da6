package io.berth.store.sqlite;

import io.berth.store.Txn;
import io.berth.store.TxnResult;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The victim process of {@link SqliteCrashTest}: writes keys from several threads until killed and
 * prints {@code ACK <key> <revision>} for each one only after its txn future has completed, i.e.
 * after the store said the write is durable. The value of each key is {@link #valueOf(String)}.
 *
 * <p>Arguments: data directory, key prefix, number of writer threads.
 */
public final class CrashWriterMain {
    private CrashWriterMain() {}

    static String valueOf(String key) {
        return "value-of:" + key;
    }

    public static void main(String[] args) {
        Path dataDir = Path.of(args[0]);
        String prefix = args[1];
        int threads = Integer.parseInt(args[2]);
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        ReentrantLock outLock = new ReentrantLock();
        SqliteStateStore store = SqliteStateStore.open(dataDir);
        for (int t = 0; t < threads; t++) {
            int me = t;
            Thread.ofVirtual().start(() -> {
                for (long i = 0; ; i++) {
                    String key = prefix + me + "/" + i;
                    TxnResult r = store.txn(Txn.builder().ifAbsent(key).put(key, valueOf(key)).build());
                    if (!r.succeeded()) throw new IllegalStateException(key + " already existed");
                    outLock.lock();
                    try {
                        out.println("ACK " + key + " " + r.revision());
                        out.flush(); // the parent must see an ack as soon as it is true
                    } finally {
                        outLock.unlock();
                    }
                }
            });
        }
        // main returns; virtual threads keep the work going until the parent kills us (they are
        // daemons, so block here to keep the JVM alive)
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
