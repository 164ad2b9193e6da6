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
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The blob upload state machine of the OCI distribution spec: open a session, append chunks in
 * order (each either whole or not at all), then close it with the expected digest; the blob is
 * installed only if the bytes hash to it. A session's bytes are in a temporary file and what it has
 * acknowledged in a {@link SessionRecord} beside it, made durable before the request that added
 * the bytes is answered, so a restarted registry picks the session up where its client was told it
 * stood (found on first use, its hash recomputed from the file). Thread-safe; a session takes one
 * request at a time, whose body may arrive on several threads in turn.
 */
public final class Uploads {
    private static final Logger log = LoggerFactory.getLogger(Uploads.class);
    private static final int BUFFER = 256 * 1024;
    /** Session ids are the names {@link BlobStore#newTempFile} gives: a UUID. */
    private static final Pattern SESSION_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

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
        SessionRecord record = SessionRecord.create(blobs.uploadsDir(), id, repository);
        Upload u = new Upload(id, repository, file, record, Digest.sha256(), 0, clock.instant());
        sessions.put(id, u);
        return new Status(id, repository, 0);
    }

    public Status status(String repository, String id) {
        Upload u = find(repository, id);
        return new Status(u.id, u.repository, u.offset);
    }

    /**
     * The open session {@code id}, held for this request, checked to continue at {@code start}
     * (when given). Refuses with 416 a session another request is writing, or a chunk out of order.
     */
    private Upload holdAt(String repository, String id, Long start) {
        Upload u = hold(repository, id);
        try {
            check(u);
            if (start != null && start != u.offset) {
                throw new RegistryException(ErrorCode.BLOB_UPLOAD_INVALID, 416, "InvalidLayerPartException",
                        "chunk starts at " + start + " but the upload holds " + u.offset + " bytes", Map.of("offset", u.offset));
            }
            return u;
        } catch (RuntimeException e) {
            u.permit.release();
            throw e;
        }
    }

    /** The open session {@code id}, held for this request; refused with 416, never waited for, while another request writes. */
    private Upload hold(String repository, String id) {
        Upload u = find(repository, id);
        if (!u.permit.tryAcquire()) {
            throw new RegistryException(ErrorCode.BLOB_UPLOAD_INVALID, 416, "InvalidLayerPartException",
                    "another request is writing to upload " + id, null);
        }
        return u;
    }

    /**
     * Starts appending one chunk to session {@code id}, holding the session until the returned
     * appender is ended or aborted. {@code start} (from Content-Range) must equal the current offset
     * or the chunk is refused with 416 and nothing is appended; {@code length} (Content-Length or the
     * range's size), when known, must match what arrives, or the chunk is rolled back (truncated upload).
     */
    public Appender append(String repository, String id, Long start, Long length) {
        return new Appender(holdAt(repository, id, start), length, true);
    }

    /** Appends one chunk read whole from {@code body}; see {@link #append(String, String, Long, Long)}. */
    public Status append(String repository, String id, InputStream body, Long start, Long length) {
        Appender a = append(repository, id, start, length);
        a.drain(body);
        return a.end();
    }

    /**
     * Closes the session with no further bytes: the blob is installed if everything received hashes
     * to {@code expected}; otherwise nothing is stored and the session is gone (DIGEST_INVALID).
     * Returns the blob's size.
     */
    public long finish(String repository, String id, Digest expected) {
        return append(repository, id, null, 0L).close(expected);
    }

    /**
     * Cancels a session and drops its bytes. A session another request is writing is refused rather
     * than waited for: a stalled client would otherwise hold the cancel until its connection times out.
     */
    public void cancel(String repository, String id) {
        Upload u = hold(repository, id);
        try {
            drop(u);
        } finally {
            u.permit.release();
        }
    }

    /**
     * A whole blob in one request (POST with {@code ?digest=}), in a session of its
     * own that no other request can see: fed to the returned appender and {@linkplain Appender#close
     * closed} with the digest it must hash to.
     */
    public Appender whole(Long length) {
        Path file = blobs.newTempFile();
        Upload u = new Upload(file.getFileName().toString(), "", file, null, Digest.sha256(), 0, clock.instant());
        u.permit.acquireUninterruptibly();
        return new Appender(u, length, false);
    }

    /**
     * One request's bytes on their way into a session: {@link #write} them in order as they arrive,
     * then {@link #end} the chunk (the session stays open), {@link #close} the session with the digest
     * its bytes must have, or {@link #abort} (the session is back where it was before the request).
     * Each of the last three happens once and releases the session. Not thread-safe: one request's
     * callbacks feed it one after another.
     */
    public final class Appender {
        private final Upload u;
        private final Long length;
        private final boolean keepOnFailure;
        private final MessageDigest before;
        private final long start;
        private long written;
        private FileChannel channel;
        private boolean done;

        private Appender(Upload u, Long length, boolean keepOnFailure) {
            this.u = u;
            this.length = length;
            this.keepOnFailure = keepOnFailure;
            this.start = u.offset;
            try {
                this.before = (MessageDigest) u.sha256.clone();
            } catch (CloneNotSupportedException e) {
                u.permit.release();
                throw new IllegalStateException(e);
            }
        }

        /** Hashes and stores {@code bytes} (consumed); refuses bytes past the declared length. */
        public void write(ByteBuffer bytes) {
            int n = bytes.remaining();
            if (n == 0) return;
            if (length != null && written + n > length) {
                throw new RegistryException(ErrorCode.SIZE_INVALID, "chunk is longer than its declared " + length + " bytes");
            }
            try {
                if (channel == null) {
                    channel = FileChannel.open(u.file, StandardOpenOption.WRITE);
                    channel.position(start);
                }
                ByteBuffer hashed = bytes.duplicate();
                u.sha256.update(hashed);
                while (bytes.hasRemaining()) channel.write(bytes);
            } catch (IOException e) {
                throw new RegistryException(ErrorCode.BLOB_UPLOAD_INVALID, "upload interrupted after " + written + " bytes: " + e.getMessage());
            }
            written += n;
            u.writeback.wrote(start + written);
        }

        /** Reads {@code in} to its end into {@link #write}; aborts and rethrows on any failure. */
        void drain(InputStream in) {
            byte[] buf = new byte[BUFFER];
            try {
                int n;
                while ((n = in.read(buf)) > 0) write(ByteBuffer.wrap(buf, 0, n));
            } catch (IOException e) {
                RegistryException re = new RegistryException(ErrorCode.BLOB_UPLOAD_INVALID,
                        "upload interrupted after " + written + " bytes: " + e.getMessage());
                abort();
                throw re;
            } catch (RuntimeException e) {
                abort();
                throw e;
            }
        }

        /**
         * The chunk is complete: checks it against its declared length and keeps it, durably (the
         * bytes, then the session's record). Blocks on fsync: not for a selector thread.
         */
        public Status end() {
            try {
                settle();
                persist();
                return new Status(u.id, u.repository, u.offset);
            } catch (RuntimeException e) {
                rollback();
                throw e;
            } finally {
                release();
            }
        }

        /**
         * The chunk is complete and the upload ends with it: the blob is installed if everything
         * received hashes to {@code expected}, and the session is gone; otherwise nothing is stored
         * and the session is gone too (DIGEST_INVALID). If the blob cannot be installed, the session
         * is back where it was before this request. Returns the blob's size. Blocks on fsync: not
         * for a selector thread.
         */
        public long close(Digest expected) {
            try {
                settle();
                Digest actual = Digest.of(u.sha256);
                if (!actual.equals(expected)) {
                    drop(u);
                    throw new RegistryException(ErrorCode.DIGEST_INVALID, 400, "InvalidLayerException",
                            "uploaded content has digest " + actual + ", not " + expected, Map.of("digest", expected.toString()));
                }
                u.writeback.await();
                blobs.install(u.file, expected);
                // only now: a crash or a failed install before this point leaves the acknowledged bytes recoverable
                forget(u);
                return u.offset;
            } catch (RuntimeException e) {
                if (!u.closed) rollback();
                throw e;
            } finally {
                release();
            }
        }

        /** Drops this request's bytes; the session (if any) continues from where it was. Idempotent. */
        public void abort() {
            if (done) return;
            try {
                rollback();
            } finally {
                release();
            }
        }

        private void persist() {
            if (u.record == null) return;
            u.writeback.await();
            try (FileChannel ch = FileChannel.open(u.file, StandardOpenOption.WRITE)) {
                ch.force(false);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot make upload " + u.id + " durable", e); // the server's failure: a 500, logged
            }
            u.record.acknowledge(u.offset);
        }

        /** The chunk is whole and its session still open (one its repository's deletion cancelled meanwhile loses the chunk too). */
        private void settle() {
            if (done) throw new IllegalStateException("appender already finished");
            if (length != null && written != length) {
                throw new RegistryException(ErrorCode.BLOB_UPLOAD_INVALID, "chunk ended after " + written + " of " + length + " bytes");
            }
            closeChannel();
            u.offset = start + written;
            u.lastActive = clock.instant();
            if (u.cancelled) {
                throw new RegistryException(ErrorCode.BLOB_UPLOAD_UNKNOWN, "upload " + u.id + " was cancelled: its repository was deleted");
            }
        }

        private void rollback() {
            closeChannel();
            u.sha256 = before;
            u.offset = start;
            if (!keepOnFailure) {
                deleteQuietly(u.file);
                return;
            }
            try (FileChannel ch = FileChannel.open(u.file, StandardOpenOption.WRITE)) {
                ch.truncate(start);
            } catch (IOException ignored) {
                // the session stays at its old offset either way
            }
        }

        private void closeChannel() {
            if (channel == null) return;
            try {
                channel.close();
            } catch (IOException ignored) {
                // every write already reached the page cache or failed loudly
            }
            channel = null;
        }

        private void release() {
            if (done) return;
            done = true;
            if (u.cancelled && !u.closed) drop(u);
            u.permit.release();
        }
    }

    /**
     * Ends every session of {@code repository}, which was just deleted, whether in memory or only
     * on disk (left by a restart), so that none carries over into a repository created later under
     * the same name. A request writing to one of them meanwhile fails when its body ends
     * (BLOB_UPLOAD_UNKNOWN) and its bytes are dropped. Excludes {@link #recover}.
     */
    public synchronized void dropRepository(String repository) {
        for (Upload u : sessions.values()) {
            if (!u.repository.equals(repository)) continue;
            if (u.permit.tryAcquire()) {
                try {
                    drop(u);
                } finally {
                    u.permit.release();
                }
            } else {
                u.cancelled = true; // its holder drops it; until then it stays in the map, so nothing recovers it
            }
        }
        Path dir = blobs.uploadsDir();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String id = sessionId(p);
                if (!p.getFileName().toString().endsWith(SessionRecord.SUFFIX) || sessions.containsKey(id)) continue;
                if (SessionRecord.read(dir, id).filter(saved -> saved.repository().equals(repository)).isPresent()) {
                    SessionRecord.at(dir, id).delete();
                    deleteQuietly(dir.resolve(id));
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // the repository is gone already; a session left on disk here is one a later recover may find
            log.warn("could not end every upload of deleted repository {}: {}", repository, e.toString());
        }
    }

    /** The session a file of the uploads directory belongs to: its data file or its record. */
    private static String sessionId(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(SessionRecord.SUFFIX) ? name.substring(0, name.length() - SessionRecord.SUFFIX.length()) : name;
    }

    /** Drops sessions idle for longer than {@code idle}; returns how many. */
    public int expire(Duration idle) {
        int n = 0;
        for (Upload u : sessions.values()) {
            if (u.lastActive.plus(idle).isBefore(clock.instant()) && u.permit.tryAcquire()) {
                try {
                    drop(u);
                    n++;
                } finally {
                    u.permit.release();
                }
            }
        }
        return n;
    }

    /**
     * Deletes the files in the uploads directory last changed before {@code cutoff} that no session
     * in memory owns: left by a crash, or a session a restart left idle (past the grace period it is
     * as idle as {@link #expire} would have found it). Excludes {@link #recover}, so a session is
     * either recovered first and kept, or swept first and unknown; never recovered without files.
     */
    public synchronized void sweep(Instant cutoff) {
        try (Stream<Path> files = Files.list(blobs.uploadsDir())) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (sessions.containsKey(sessionId(p))) continue;
                try {
                    if (Files.getLastModifiedTime(p).toInstant().isBefore(cutoff)) Files.deleteIfExists(p);
                } catch (IOException gone) {
                    // renamed or removed since the listing (a close, a cancel): nothing to sweep
                }
            }
        } catch (IOException | UncheckedIOException ignored) {
            // the next collection sweeps
        }
    }

    private Upload find(String repository, String id) {
        Upload u = id == null ? null : sessions.get(id);
        if (u == null && id != null && SESSION_ID.matcher(id).matches()) u = recover(id, repository);
        if (u == null || u.cancelled || !u.repository.equals(repository)) {
            throw new RegistryException(ErrorCode.BLOB_UPLOAD_UNKNOWN, "no upload " + id + " in repository " + repository);
        }
        return u;
    }

    /**
     * Session {@code id} of {@code repository} as its record left it (a restart forgot it): the
     * file cut back to the acknowledged offset, the hash recomputed from it. Null if there is no
     * such session in that repository (another repository's is left alone, unread), or its bytes
     * are gone (both files are then removed).
     */
    private synchronized Upload recover(String id, String repository) {
        Upload live = sessions.get(id);
        if (live != null) return live;
        Path dir = blobs.uploadsDir();
        var saved = SessionRecord.read(dir, id);
        if (saved.isEmpty() || !saved.get().repository().equals(repository)) return null;
        Path file = dir.resolve(id);
        SessionRecord record = SessionRecord.at(dir, id);
        MessageDigest sha256 = Digest.sha256();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long offset = saved.get().offset();
            if (ch.size() < offset) throw new IOException("holds " + ch.size() + " of its " + offset + " acknowledged bytes");
            ch.truncate(offset);
            ByteBuffer buf = ByteBuffer.allocate(BUFFER);
            for (long pos = 0; pos < offset; ) {
                int n = ch.read(buf.clear(), pos);
                if (n < 0) throw new IOException("ends early");
                sha256.update(buf.flip());
                pos += n;
            }
        } catch (IOException e) {
            record.delete();
            deleteQuietly(file);
            return null;
        }
        Upload u = new Upload(id, saved.get().repository(), file, record, sha256, saved.get().offset(), clock.instant());
        sessions.put(id, u);
        return u;
    }

    /** The session ends: its record goes first, so that nothing can recover it once it is out of the map. */
    private void forget(Upload u) {
        u.closed = true;
        if (u.record != null) u.record.delete();
        sessions.remove(u.id);
    }

    /** The session ends without a blob: forgotten, its bytes deleted. */
    private void drop(Upload u) {
        forget(u);
        deleteQuietly(u.file);
    }

    private static void check(Upload u) {
        if (u.closed || u.cancelled) throw new RegistryException(ErrorCode.BLOB_UPLOAD_UNKNOWN, "upload " + u.id + " is closed");
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
