package io.berth.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.store.Await;
import io.berth.store.KeyValue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 a process in the middle of group-committing, twice, and check that every write it
 * acknowledged is there afterwards. (Power loss cannot be tested here; synchronous=FULL is what
 * covers it.)
 */
class SqliteCrashTest {
    private static final int ACKS_BEFORE_KILL = 300;
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    @Test
    void everyAcknowledgedWriteSurvivesKillNine() throws Exception {
        Path dataDir = tmp.resolve("data");
        Map<String, Long> acked = new ConcurrentHashMap<>();
        // second round: recover the WAL left by the first kill, keep writing, get killed again
        runAndKill(dataDir, "crash/a/", acked);
        runAndKill(dataDir, "crash/b/", acked);

        try (SqliteStateStore store = SqliteStateStore.open(dataDir)) {
            for (Map.Entry<String, Long> ack : acked.entrySet()) {
                KeyValue kv = store.get(ack.getKey()).orElseThrow(() -> new AssertionError("lost acknowledged " + ack.getKey()));
                assertThat(kv.valueAsString()).isEqualTo(CrashWriterMain.valueOf(ack.getKey()));
                assertThat(kv.modRevision()).as(ack.getKey()).isEqualTo(ack.getValue());
            }
            // Every committed txn created exactly one key, so the revision must equal the key count,
            // and the keys' revisions must be exactly 1..revision.
            List<KeyValue> all = store.range("crash/");
            assertThat(store.revision()).isEqualTo(all.size());
            Set<Long> revisions = all.stream().map(KeyValue::modRevision).collect(Collectors.toSet());
            assertThat(revisions).hasSize(all.size()).allMatch(r -> r >= 1 && r <= all.size());
            assertThat(all.size()).isGreaterThanOrEqualTo(acked.size());
        }
    }

    private void runAndKill(Path dataDir, String prefix, Map<String, Long> acked) throws Exception {
        Path stderr = tmp.resolve("child-" + prefix.replace('/', '_') + ".err");
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process child = new ProcessBuilder(java, "-XX:+UseSerialGC", "-Xshare:auto",
                "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"),
                CrashWriterMain.class.getName(), dataDir.toString(), prefix, "8")
                .redirectError(stderr.toFile())
                .start();
        Set<String> mine = ConcurrentHashMap.newKeySet();
        Thread reader = Thread.ofVirtual().start(() -> readAcks(child, acked, mine));
        try {
            Await.until(ACK_TIMEOUT, () -> ACKS_BEFORE_KILL + " acks from the child, have " + mine.size()
                    + "; child stderr: " + read(stderr), () -> mine.size() >= ACKS_BEFORE_KILL || !child.isAlive());
            assertThat(child.isAlive()).as("child died early: %s", read(stderr)).isTrue();
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, no close()
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        reader.join(Duration.ofSeconds(10)); // acks already in the pipe were true when written: keep them
        assertThat(reader.isAlive()).isFalse();
        assertThat(mine).hasSizeGreaterThanOrEqualTo(ACKS_BEFORE_KILL);
    }

    private static void readAcks(Process child, Map<String, Long> acked, Set<String> mine) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] parts = line.split(" ");
                // A kill can cut the last line short; a partial line was never a complete ack.
                if (parts.length != 3 || !parts[0].equals("ACK")) continue;
                try {
                    acked.put(parts[1], Long.parseLong(parts[2]));
                    mine.add(parts[1]);
                } catch (NumberFormatException e) {
                    // truncated revision: see above
                }
            }
        } catch (IOException e) {
            // the pipe closes when the child dies
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
