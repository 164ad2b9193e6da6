package io.berth.registry.blob;

import io.berth.registry.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Content-addressed blob files under {@code <root>/blobs/sha256/<2 hex>/<hex>}, shared by every
 * repository. A blob appears only whole and verified: content is written to a temporary file under
 * {@code <root>/uploads}, its digest checked by the caller, fsynced, and atomically renamed into
 * place. Thread-safe: the file system's rename is the only synchronisation needed.
 */
public final class BlobStore {
    private final Path blobs;
    private final Path uploads;

    public BlobStore(Path root) {
        this.blobs = root.resolve("blobs").resolve("sha256");
        this.uploads = root.resolve("uploads");
        try {
            Files.createDirectories(blobs);
            Files.createDirectories(uploads);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path path(Digest d) {
        return blobs.resolve(d.hex().substring(0, 2)).resolve(d.hex());
    }

    /** The blob's size, if it is stored. */
    public OptionalLong size(Digest d) {
        try {
            return OptionalLong.of(Files.size(path(d)));
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean exists(Digest d) {
        return Files.isRegularFile(path(d));
    }

    /** Marks the blob as recently used, so garbage collection's grace period protects it. */
    public void touch(Digest d) {
        try {
            Files.setLastModifiedTime(path(d), FileTime.from(Instant.now()));
        } catch (IOException ignored) {
            // absent or unwritable: the next use finds out
        }
    }

    /** A fresh temporary file for an upload, in the same file system as the blobs. */
    public Path newTempFile() {
        try {
            return Files.createFile(uploads.resolve(UUID.randomUUID().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path uploadsDir() {
        return uploads;
    }

    /**
     * Moves a temporary file whose content the caller verified to hash to {@code digest} into place:
     * fsync, then atomic rename. If the blob is already stored the temporary file is dropped.
     */
    public void install(Path temp, Digest digest) {
        Path target = path(digest);
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.createDirectories(target.getParent());
            if (Files.exists(target)) {
                Files.deleteIfExists(temp);
                return;
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                Files.deleteIfExists(temp);
                if (!Files.exists(target)) throw e;
            }
            fsyncDirectory(target.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stores small content (manifests) in one go; returns its digest. */
    public Digest put(byte[] content) {
        Digest d = Digest.of(content);
        if (exists(d)) return d;
        Path temp = newTempFile();
        try {
            Files.write(temp, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        install(temp, d);
        return d;
    }

    public byte[] read(Digest d) {
        try {
            return Files.readAllBytes(path(d));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void delete(Digest d) {
        try {
            Files.deleteIfExists(path(d));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A stored blob and when it was last written or touched. */
    public record Entry(Digest digest, Instant modified) {}

    /** Every stored blob; for garbage collection. */
    public List<Entry> list() {
        List<Entry> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(blobs, 2)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (!Files.isRegularFile(p)) continue;
                try {
                    out.add(new Entry(new Digest(p.getFileName().toString()), Files.getLastModifiedTime(p).toInstant()));
                } catch (IllegalArgumentException | NoSuchFileException strayOrGone) {
                    // not a blob name, or deleted meanwhile
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Makes the names created or renamed in {@code dir} durable, where the file system can. */
    static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // some file systems cannot fsync a directory; a rename is still atomic there
        }
    }
}
