package io.berth.registry.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.registry.Digest;
import io.berth.registry.ErrorCode;
import io.berth.registry.RegistryException;
import java.io.ByteArrayInputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upload sessions across a restart: a second {@link Uploads} over the same directory stands for
 * the registry after a crash, since it shares nothing in memory with the first.
 */
class UploadsRestartTest {
    @TempDir
    Path dir;

    private Uploads uploads() {
        return new Uploads(new BlobStore(dir), Clock.systemUTC());
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static void chunk(Uploads u, String id, byte[] bytes, long start) {
        u.append("app", id, new ByteArrayInputStream(bytes), start, (long) bytes.length);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private void assertUnknown(Uploads u, String repo, String id) {
        assertThatThrownBy(() -> u.status(repo, id)).isInstanceOfSatisfying(RegistryException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.BLOB_UPLOAD_UNKNOWN));
    }

    private long uploadFiles() throws Exception {
        try (Stream<Path> s = Files.list(dir.resolve("uploads"))) {
            return s.count();
        }
    }

    @Test
    void aSessionOutlivesARestartAtItsAcknowledgedOffsetAndFinishes() throws Exception {
        byte[] first = random(700_000, 1);
        byte[] second = random(300_000, 2);
        Uploads before = uploads();
        String id = before.start("app").id();
        chunk(before, id, first, 0);

        Uploads after = uploads();
        assertThat(after.status("app", id).offset()).isEqualTo(first.length);
        chunk(after, id, second, first.length);
        Digest d = Digest.of(concat(first, second));
        assertThat(after.finish("app", id, d)).isEqualTo(first.length + second.length);
        assertThat(new BlobStore(dir).read(d)).isEqualTo(concat(first, second));
        assertThat(uploadFiles()).isZero();
    }

    @Test
    void bytesOfARequestThatNeverGotItsAnswerAreDroppedOnRecovery() throws Exception {
        byte[] first = random(100_000, 3);
        Uploads before = uploads();
        String id = before.start("app").id();
        chunk(before, id, first, 0);
        // a second chunk is half received when the process dies: no end, no abort
        Uploads.Appender inFlight = before.append("app", id, (long) first.length, 200_000L);
        inFlight.write(ByteBuffer.wrap(random(150_000, 4)));

        Uploads after = uploads();
        assertThat(after.status("app", id).offset()).isEqualTo(first.length);
        assertThat(Files.size(dir.resolve("uploads").resolve(id))).isEqualTo(first.length);
        assertThat(after.finish("app", id, Digest.of(first))).isEqualTo(first.length);
        assertThat(new BlobStore(dir).read(Digest.of(first))).isEqualTo(first);
    }

    @Test
    void aCloseThatCannotInstallTheBlobLeavesTheSessionAtItsAcknowledgedOffset() throws Exception {
        byte[] first = random(1000, 9);
        byte[] last = random(500, 10);
        Digest d = Digest.of(concat(first, last));
        Uploads before = uploads();
        String id = before.start("app").id();
        chunk(before, id, first, 0);
        // a file where the blob's directory must go: the install fails, as a full or failing disk makes it
        Path blocker = new BlobStore(dir).path(d).getParent();
        Files.write(blocker, new byte[0]);
        Uploads.Appender closing = before.append("app", id, (long) first.length, (long) last.length);
        closing.write(ByteBuffer.wrap(last));
        assertThatThrownBy(() -> closing.close(d)).isInstanceOf(UncheckedIOException.class);
        assertThat(before.status("app", id).offset()).isEqualTo(first.length);

        Uploads after = uploads();
        assertThat(after.status("app", id).offset()).isEqualTo(first.length);
        Files.delete(blocker);
        chunk(after, id, last, first.length);
        assertThat(after.finish("app", id, d)).isEqualTo(first.length + last.length);
        assertThat(new BlobStore(dir).read(d)).isEqualTo(concat(first, last));
        assertThat(uploadFiles()).isZero();
    }

    @Test
    void aRecoveredSessionBelongsToItsRepositoryOnly() {
        Uploads before = uploads();
        String id = before.start("app").id();
        chunk(before, id, random(10, 5), 0);

        Uploads after = uploads();
        assertUnknown(after, "other", id);
        assertThat(after.status("app", id).offset()).isEqualTo(10);
    }

    @Test
    void finishedCancelledAndMadeUpSessionsStayUnknownAfterARestart() throws Exception {
        Uploads before = uploads();
        String finished = before.start("app").id();
        chunk(before, finished, random(10, 6), 0);
        before.finish("app", finished, Digest.of(random(10, 6)));
        String cancelled = before.start("app").id();
        chunk(before, cancelled, random(10, 7), 0);
        before.cancel("app", cancelled);
        assertThat(uploadFiles()).isZero();

        Uploads after = uploads();
        assertUnknown(after, "app", finished);
        assertUnknown(after, "app", cancelled);
        assertUnknown(after, "app", "../blobs");
        assertUnknown(after, "app", "00000000-0000-0000-0000-000000000000");
    }

    @Test
    void aSessionWhoseBytesAreGoneIsUnknownAndItsRecordRemoved() throws Exception {
        Uploads before = uploads();
        String id = before.start("app").id();
        chunk(before, id, random(1000, 8), 0);
        Files.write(dir.resolve("uploads").resolve(id), new byte[10]);

        Uploads after = uploads();
        assertUnknown(after, "app", id);
        assertThat(uploadFiles()).isZero();
    }
}
