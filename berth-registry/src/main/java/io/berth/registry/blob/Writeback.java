package io.berth.registry.blob;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Starts writing an upload's bytes to disk while the client is still sending, so the fsync that
 * must precede the 201 only has the last few MiB left to flush. Linux keeps gigabytes of dirty page
 * cache before it writes back on its own, so without this a 50 MB layer is written out entirely
 * inside the closing request. Every {@link #STEP} bytes one background fdatasync of the file runs
 * (at most one at a time); it changes when bytes reach the disk, never whether the blob is durable
 * when acknowledged: {@link BlobStore#install} still fsyncs before the rename. Guarded by the
 * upload's permit, like the rest of {@link Upload}.
 */
final class Writeback {
    static final long STEP = 8L * 1024 * 1024;

    private final Path file;
    private long flushedUpTo;
    private Thread running;

    Writeback(Path file) {
        this.file = file;
    }

    /** The file now holds {@code offset} bytes: start a flush if {@link #STEP} bytes piled up and none runs. */
    void wrote(long offset) {
        if (offset - flushedUpTo < STEP || (running != null && running.isAlive())) return;
        flushedUpTo = offset;
        running = Thread.ofVirtual().name("blob-writeback").start(this::flush);
    }

    /** Waits for a flush in flight, so the caller's own fsync does not race it and the file can be renamed. */
    void await() {
        Thread t = running;
        if (t == null) return;
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void flush() {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(false);
        } catch (IOException ignored) {
            // cancelled or expired meanwhile; the closing fsync is what durability relies on
        }
    }
}
