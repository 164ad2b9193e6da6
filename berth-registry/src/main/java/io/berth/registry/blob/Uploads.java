package io.berth.registry.blob;

import io.berth.registry.Digest;
import io.berth.registry.ErrorCode;
import io.berth.registry.RegistryException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The blob upload state machine of the OCI distribution spec: open a session, append chunks in
 * order (each either whole or not at all), then close it with the expected digest; the blob is
 * installed only if the bytes hash to it. Sessions live in memory with their bytes in a temporary
 * file: a restarted server forgets them and clients restart the upload (BLOB_UPLOAD_UNKNOWN).
 * Thread-safe; a session takes one request at a time.
 */
public final class Uploads {
    private static final int BUFFER = 256 * 1024;

    private final BlobStore blobs;
    private final Clock clock;
    private final Map<String, Upload> sessions = new ConcurrentHashMap<>();

    public Uploads(BlobStore blobs, Clock clock) {
        this.blobs = blobs;
        this.clock = clock;
    }

    /** The state of a session after a request: its id and how many bytes it holds. */
    public record Status(String id, String repository, long offset) {}

    public Status start(String repository) {
        Path file = blobs.newTempFile();
        String id = file.getFileName().toString();
        Upload u = new Upload(id, repository, file, Digest.sha256(), clock.instant());
        sessions.put(id, u);
        return new Status(id, repository, 0);
    }

    public Status status(String repository, String id) {
        Upload u = find(repository, id);
        return new Status(u.id, u.repository, u.offset);
    }

    /**
     * The open session {@code id}, locked for this request, checked to continue at {@code start}
     * (when given). Refuses with 416 a session another request is writing, or a chunk out of order.
     */
    private Upload lockAt(String repository, String id, Long start) {
        Upload u = find(repository, id);
        if (!u.lock.tryLock()) {
            throw new RegistryException(ErrorCode.BLOB_UPLOAD_INVALID, 416, "InvalidLayerPartException",
                    "another request is writing to upload " + id, null);
        }
        try {
            check(u);
            if (start != null && start != u.offset) {
                throw new RegistryException(ErrorCode.BLOB_UPLOAD_INVALID, 416, "InvalidLayerPartException",
                        "chunk starts at " + start + " but the upload holds " + u.offset + " bytes", Map.of("offset", u.offset));
            }
            return u;
        } catch (RuntimeException e) {
            u.lock.unlock();
            throw e;
        }
    }

    /**
     * Appends one chunk. {@code start} (from Content-Range) must equal the current offset or the
     * chunk is refused with 416 and nothing is appended; {@code length} (Content-Length or the range's
     * size), when known, must match what arrives, or the chunk is rolled back (truncated upload).
     */
    public Status append(String repository, String id, InputStream body, Long start, Long length) {
        Upload u = lockAt(repository, id, start);
        try {
            appendLocked(u, body, length);
            return new Status(u.id, u.repository, u.offset);
        } finally {
            u.lock.unlock();
        }
    }

    /**
     * Appends an optional last chunk and closes the session: the blob is installed if everything
     * received hashes to {@code expected}; otherwise nothing is stored and the session is gone
     * (DIGEST_INVALID). Returns the blob's size.
     */
    public long finish(String repository, String id, Digest expected, InputStream lastChunk, Long start, Long length) {
        Upload u = lockAt(repository, id, start);
        try {
            if (lastChunk != null) appendLocked(u, lastChunk, length);
            Digest actual = Digest.of(u.sha256);
            u.closed = true;
            sessions.remove(u.id);
            if (!actual.equals(expected)) {
                deleteQuietly(u.file);
                throw new RegistryException(ErrorCode.DIGEST_INVALID, 400, "InvalidLayerException",
                        "uploaded content has digest " + actual + ", not " + expected, Map.of("digest", expected.toString()));
            }
            u.writeback.await();
            blobs.install(u.file, expected);
            return u.offset;
        } finally {
            u.lock.unlock();
        }
    }

    /** Cancels a session and drops its bytes. */
    public void cancel(String repository, String id) {
        Upload u = find(repository, id);
        u.lock.lock();
        try {
            u.closed = true;
            sessions.remove(u.id);
            deleteQuietly(u.file);
        } finally {
            u.lock.unlock();
        }
    }

    /**
     * A whole blob in one request (POST with {@code ?digest=}, or an ECR layer): stored only if it
     * hashes to {@code expected}. Returns its size.
     */
    public long putWhole(Digest expected, InputStream body, Long length) {
        Path file = blobs.newTempFile();
        Upload u = new Upload(file.getFileName().toString(), "", file, Digest.sha256(), clock.instant());
        try {
            appendLocked(u, body, length);
        } catch (RuntimeException e) {
            deleteQuietly(file);
            throw e;
        }
        Digest actual = Digest.of(u.sha256);
        if (!actual.equals(expected)) {
            deleteQuietly(file);
            throw new RegistryException(ErrorCode.DIGEST_INVALID, 400, "InvalidLayerException",
                    "uploaded content has digest " + actual + ", not " + expected, Map.of("digest", expected.toString()));
        }
        u.writeback.await();
        blobs.install(file, expected);
        return u.offset;
    }

    /** Drops sessions idle for longer than {@code idle}; returns how many. */
    public int expire(Duration idle) {
        int n = 0;
        for (Upload u : sessions.values()) {
            if (u.lastActive.plus(idle).isBefore(clock.instant()) && u.lock.tryLock()) {
                try {
                    u.closed = true;
                    sessions.remove(u.id);
                    deleteQuietly(u.file);
                    n++;
                } finally {
                    u.lock.unlock();
                }
            }
        }
        return n;
    }

    /** Whether {@code id} is a live session (so garbage collection leaves its file alone). */
    public boolean active(String id) {
        return sessions.containsKey(id);
    }

    private Upload find(String repository, String id) {
        Upload u = id == null ? null : sessions.get(id);
        if (u == null || !u.repository.equals(repository)) {
            throw new RegistryException(ErrorCode.BLOB_UPLOAD_UNKNOWN, "no upload " + id + " in repository " + repository);
        }
        return u;
    }

    private static void check(Upload u) {
        if (u.closed) throw new RegistryException(ErrorCode.BLOB_UPLOAD_UNKNOWN, "upload " + u.id + " is closed");
    }

    /** Appends all of {@code in}; on any failure restores the file and hash to where they were. */
    private void appendLocked(Upload u, InputStream in, Long length) {
        MessageDigest before;
        try {
            before = (MessageDigest) u.sha256.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
        long start = u.offset;
        long written = 0;
        try (FileChannel ch = FileChannel.open(u.file, StandardOpenOption.WRITE)) {
            ch.position(start);
            byte[] buf = new byte[BUFFER];
            ByteBuffer bb = ByteBuffer.wrap(buf);
            int n;
            while ((n = in.read(buf)) > 0) {
                if (length != null && written + n > length) {
                    throw new RegistryException(ErrorCode.SIZE_INVALID, "chunk is longer than its declared " + length + " bytes");
                }
                u.sha256.update(buf, 0, n);
                bb.clear().limit(n);
                while (bb.hasRemaining()) ch.write(bb);
                written += n;
                u.writeback.wrote(start + written);
            }
            if (length != null && written != length) {
                throw new RegistryException(ErrorCode.BLOB_UPLOAD_INVALID, "chunk ended after " + written + " of " + length + " bytes");
            }
            u.offset = start + written;
            u.lastActive = clock.instant();
        } catch (IOException | RuntimeException e) {
            u.sha256 = before;
            u.offset = start;
            try (FileChannel ch = FileChannel.open(u.file, StandardOpenOption.WRITE)) {
                ch.truncate(start);
            } catch (IOException ignored) {
                // the session stays at its old offset either way
            }
            if (e instanceof RegistryException re) throw re;
            if (e instanceof IOException io) {
                throw new RegistryException(ErrorCode.BLOB_UPLOAD_INVALID, "upload interrupted after " + written + " bytes: " + io.getMessage());
            }
            throw (RuntimeException) e;
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
