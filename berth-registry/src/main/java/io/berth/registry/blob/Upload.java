package io.berth.registry.blob;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One blob upload session: the bytes received so far in a temporary file and the running sha256 of
 * them. Guarded by {@link #lock}: one request at a time appends to a session.
 */
final class Upload {
    final String id;
    final String repository;
    final Path file;
    final ReentrantLock lock = new ReentrantLock();
    final Writeback writeback;
    MessageDigest sha256;
    long offset;
    volatile Instant lastActive;
    boolean closed;

    Upload(String id, String repository, Path file, MessageDigest sha256, Instant now) {
        this.id = id;
        this.repository = repository;
        this.file = file;
        this.writeback = new Writeback(file);
        this.sha256 = sha256;
        this.lastActive = now;
    }
}
