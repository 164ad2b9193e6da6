package io.berth.registry.blob;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * What an upload session has acknowledged, on disk beside its bytes ({@code <id>.session} next to
 * {@code <id>}), so a restarted registry still knows the session: its repository and how many of
 * the file's bytes a client was told were received. The offset is the file's first line, 20
 * digits, rewritten in place and fsynced only after the bytes it counts are; a file longer than
 * that holds bytes of a request that never got its answer, and recovery cuts them off.
 */
final class SessionRecord {
    static final String SUFFIX = ".session";
    private static final int OFFSET_WIDTH = 20;

    private final Path file;

    private SessionRecord(Path file) {
        this.file = file;
    }

    /** What a record says: the session's repository and its acknowledged offset. */
    record Saved(String repository, long offset) {}

    static Path path(Path uploadsDir, String id) {
        return uploadsDir.resolve(id + SUFFIX);
    }

    /** Writes a new session's record (offset 0) and makes it and the session's file durable. */
    static SessionRecord create(Path uploadsDir, String id, String repository) {
        Path file = path(uploadsDir, id);
        byte[] content = (offsetText(0) + "\n" + repository + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            writeFully(ch, ByteBuffer.wrap(content), 0);
            ch.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        BlobStore.fsyncDirectory(uploadsDir);
        return new SessionRecord(file);
    }

    static SessionRecord at(Path uploadsDir, String id) {
        return new SessionRecord(path(uploadsDir, id));
    }

    /** The record of session {@code id}, if there is one and it can be read. */
    static Optional<Saved> read(Path uploadsDir, String id) {
        List<String> lines;
        try {
            lines = Files.readAllLines(path(uploadsDir, id), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (lines.size() < 2 || lines.get(0).length() != OFFSET_WIDTH || lines.get(1).isEmpty()) return Optional.empty();
        try {
            return Optional.of(new Saved(lines.get(1), Long.parseLong(lines.get(0))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Records {@code offset} as acknowledged; the caller has made those bytes durable first. */
    void acknowledge(long offset) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            writeFully(ch, ByteBuffer.wrap(offsetText(offset).getBytes(StandardCharsets.US_ASCII)), 0);
            ch.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String offsetText(long offset) {
        return String.format("%0" + OFFSET_WIDTH + "d", offset);
    }

    private static void writeFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
        while (b.hasRemaining()) position += ch.write(b, position);
    }
}
