package io.berth.registry.blob;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.concurrent.Semaphore;

/**
 * One blob upload session: the bytes received so far in a temporary file, the running sha256 of
 * them, and (for a session clients can address) its {@link SessionRecord} on disk. Guarded by
 * {@link #permit}: one request at a time appends to a session. A permit rather than a lock,
 * because a request's body arrives in callbacks on whichever thread Jetty has at hand, so the
 * thread that takes it is not always the one that gives it back.
 */
final class Upload {
    final String id;
    final String repository;
    final Path file;
    /** Null for a session no client can address again (a whole blob in one request). */
    final SessionRecord record;
    final Semaphore permit = new Semaphore(1);
    final Writeback writeback;
    MessageDigest sha256;
    long offset;
    volatile Instant lastActive;
    boolean closed;
    /**
     * Set without the permit when the session's repository is deleted while a request writes to
     * it: that request fails when its body ends, and drops the session as it gives the permit back.
     */
    volatile boolean cancelled;

    Upload(String id, String repository, Path file, SessionRecord record, MessageDigest sha256, long offset, Instant now) {
        this.id = id;
        this.repository = repository;
        this.file = file;
        this.record = record;
        this.offset = offset;
        this.writeback = new Writeback(file);
        this.sha256 = sha256;
        this.lastActive = now;
    }
}
