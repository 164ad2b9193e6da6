package io.berth.server.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.model.ecs.Cluster;
import io.berth.store.sqlite.SqliteStateStore;
import io.berth.wire.AwsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The single committer over the real SQLite store: batching, per-command undo, durability. */
class CommitterTest {
    private static Cluster cluster(String name, String status) {
        return new Cluster("arn:aws:ecs:us-east-1:000000000000:cluster/" + name, name, status, List.of(), List.of(), null, List.of(), List.of(), null);
    }

    @Test
    void concurrentWritesToOneKeyInOneBatchAllLandAndTheLastWins() throws Exception {
        Path dir = Files.createTempDirectory("committer");
        List<List<Tx.Change>> seen = new CopyOnWriteArrayList<>();
        try (SqliteStateStore store = SqliteStateStore.open(dir)) {
            State state = new State();
            Committer c = new Committer(store, state);
            c.addListener(seen::add);
            List<CompletableFuture<Integer>> fs = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                fs.add(c.submit(tx -> {
                    tx.put(Keys.cluster("same"), cluster("same", "ACTIVE-" + n));
                    tx.put(Keys.cluster("same"), cluster("same", "ACTIVE-" + n + "-again"));
                    return n;
                }));
            }
            CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new)).join();
            String last = state.get(Keys.cluster("same"), Cluster.class).orElseThrow().status();
            assertThat(last).isEqualTo("ACTIVE-199-again");
            // listeners run after the futures complete: wait (bounded) for the last batch's call
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (seen.stream().mapToInt(List::size).sum() < 400 && System.nanoTime() < deadline) Thread.onSpinWait();
            assertThat(seen.stream().mapToInt(List::size).sum()).isEqualTo(400);
            assertThat(store.batchesCommitted()).isLessThan(200);
            c.close();
        }
        try (SqliteStateStore reopened = SqliteStateStore.open(dir)) {
            State fresh = new State();
            fresh.load(reopened.range(""));
            assertThat(fresh.get(Keys.cluster("same"), Cluster.class).orElseThrow().status()).isEqualTo("ACTIVE-199-again");
        }
    }

    @Test
    void aFailingCommandIsUndoneAndOthersInItsBatchStand() throws Exception {
        try (SqliteStateStore store = SqliteStateStore.open(Files.createTempDirectory("committer"))) {
            State state = new State();
            Committer c = new Committer(store, state);
            CompletableFuture<Object> ok1 = c.submit(tx -> { tx.put(Keys.cluster("a"), cluster("a", "ACTIVE")); return null; });
            CompletableFuture<Object> bad = c.submit(tx -> {
                tx.put(Keys.cluster("b"), cluster("b", "ACTIVE"));
                tx.delete(Keys.cluster("a"));
                throw new AwsException("ClientException", "no");
            });
            CompletableFuture<Object> ok2 = c.submit(tx -> { tx.put(Keys.cluster("c"), cluster("c", "ACTIVE")); return null; });
            ok1.join();
            ok2.join();
            assertThatThrownBy(bad::join).hasCauseInstanceOf(AwsException.class);
            assertThat(state.get(Keys.cluster("a"), Cluster.class)).isPresent();
            assertThat(state.get(Keys.cluster("b"), Cluster.class)).isEmpty();
            assertThat(state.get(Keys.cluster("c"), Cluster.class)).isPresent();
            assertThat(store.get(Keys.cluster("b"))).isEmpty();
            assertThat(store.get(Keys.cluster("a"))).isPresent();
            c.close();
        }
    }
}
