package io.berth.registry.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.registry.RegistryException;
import io.berth.store.Await;
import io.berth.store.Event;
import io.berth.store.KeyValue;
import io.berth.store.StateStore;
import io.berth.store.Txn;
import io.berth.store.TxnResult;
import io.berth.store.memory.MemoryStateStore;
import io.berth.store.sqlite.SqliteStateStore;
import io.berth.wire.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry's in-memory view of its records: read-your-writes, other writers' changes, and compare-and-set past a stale view. */
class MetadataViewTest {
    private static final Instant T = Instant.parse("2026-11-24T08:00:00Z");

    @TempDir Path dir;

    @Test
    void aWriteIsReadableTheMomentItReturnsAndAnotherWritersChangeArrives() {
        try (SqliteStateStore store = SqliteStateStore.open(dir)) {
            Metadata meta = new Metadata(store);
            try {
                // the SQLite store's watch delivers on its own thread, so without the wait a read can miss the write
                for (int i = 0; i < 300; i++) {
                    String key = Keys.link("app", "sha256:" + i);
                    meta.putRaw(key, Json.bytes(new LinkRecord(i, T)));
                    assertThat(meta.read(key, LinkRecord.class)).as("write %d read back", i).isPresent();
                }
                store.txn(Txn.builder().put(Keys.tag("app", "v1"), Json.bytes(new TagRecord("sha256:x", T))).build());
                Await.until(Duration.ofSeconds(10), "another writer's tag in the view", () -> meta.tag("app", "v1").isPresent());
                store.txn(Txn.builder().delete(Keys.tag("app", "v1")).build());
                Await.until(Duration.ofSeconds(10), "another writer's delete in the view", () -> meta.tag("app", "v1").isEmpty());
            } finally {
                meta.close();
            }
        }
    }

    @Test
    void aCompareAndSetThatLosesToAChangeTheViewHasNotSeenRetriesAgainstTheStore() throws Exception {
        GatedStore store = new GatedStore(new MemoryStateStore());
        Metadata meta = new Metadata(store);
        String key = Keys.tag("app", "v1");
        meta.putRaw(key, Json.bytes(new TagRecord("sha256:old", T)));
        assertThat(meta.tag("app", "v1")).isPresent();

        store.gate(true);
        store.delegate.txn(Txn.builder().put(key, Json.bytes(new TagRecord("sha256:new", T))).build()); // another replica
        assertThat(meta.tag("app", "v1").orElseThrow().value().digest()).as("the view trails").isEqualTo("sha256:old");

        CompletableFuture<Optional<String>> deleted = CompletableFuture.supplyAsync(() -> meta.deleteTag("app", "v1"),
                r -> Thread.ofVirtual().start(r));
        Await.until(Duration.ofSeconds(10), "the retry to read the tag from the store", () -> store.directGets(key) > 0);
        store.gate(false);

        assertThat(deleted.get()).as("the tag the store held when it was deleted").contains("sha256:new");
        assertThat(store.delegate.get(key)).isEmpty();
        assertThat(meta.tag("app", "v1")).isEmpty();
        meta.close();
    }

    private static final String M = "sha256:" + "a".repeat(64);
    private static final String INDEX = "sha256:" + "b".repeat(64);

    private static ImageRecord image(String digest, List<String> children) {
        return new ImageRecord(digest, children.isEmpty() ? "application/vnd.oci.image.manifest.v1+json" : "application/vnd.oci.image.index.v1+json",
                null, 100, 100, T, List.of(), children, null, null);
    }

    /** {@code meta} and a second replica over the same store, repository "app" holding manifest M, and meta's view then held back. */
    private static Metadata[] replicasWithManifest(GatedStore store) {
        Metadata meta = new Metadata(store);
        meta.createRepo(new RepositoryRecord("app", "arn:aws:ecr:us-east-1:000000000000:repository/app", "000000000000", T,
                null, null, null, null, null, null, null, null, false));
        meta.putImage("app", image(M, List.of()), "v1", new TagRecord(M, T));
        Metadata other = new Metadata(store.delegate);
        Await.until(Duration.ofSeconds(10), "the other replica's view", () -> other.image("app", M).isPresent());
        store.gate(true);
        return new Metadata[] {meta, other};
    }

    @Test
    void aDeleteRacingAnIndexThatListsTheManifestIsRefusedNotLeftDangling() {
        GatedStore store = new GatedStore(new MemoryStateStore());
        Metadata[] r = replicasWithManifest(store);
        r[1].putImage("app", image(INDEX, List.of(M)), "multi", new TagRecord(INDEX, T));
        assertThat(r[0].images("app")).as("this replica's view has not seen the index").hasSize(1);

        assertThatThrownBy(() -> r[0].deleteImage("app", M)).isInstanceOfSatisfying(RegistryException.class,
                e -> assertThat(e.ecrName()).isEqualTo(Metadata.REFERENCED_BY_INDEX));
        assertThat(store.delegate.get(Keys.image("app", M))).as("the manifest the index lists").isPresent();
        store.gate(false);
        r[0].close();
        r[1].close();
    }

    @Test
    void anIndexRacingTheDeleteOfAManifestItListsIsRefusedNotLeftDangling() {
        GatedStore store = new GatedStore(new MemoryStateStore());
        Metadata[] r = replicasWithManifest(store);
        assertThat(r[1].deleteImage("app", M)).isPresent();
        assertThat(r[0].image("app", M)).as("this replica's view has not seen the delete").isPresent();

        assertThatThrownBy(() -> r[0].putImage("app", image(INDEX, List.of(M)), "multi", new TagRecord(INDEX, T)))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.ecrName()).isEqualTo("ReferencedImagesNotFoundException"));
        assertThat(store.delegate.get(Keys.image("app", INDEX))).as("the index").isEmpty();
        store.gate(false);
        r[0].close();
        r[1].close();
    }

    /** A store whose watch deliveries can be held back, to make the view trail the store on purpose. */
    private static final class GatedStore implements StateStore {
        final MemoryStateStore delegate;
        private final List<Runnable> held = new ArrayList<>();
        private final java.util.Map<String, AtomicInteger> gets = new java.util.concurrent.ConcurrentHashMap<>();
        private boolean closed;
        private boolean gated;

        GatedStore(MemoryStateStore delegate) {
            this.delegate = delegate;
        }

        synchronized void gate(boolean on) {
            gated = on;
            if (!on) {
                held.forEach(Runnable::run);
                held.clear();
            }
        }

        int directGets(String key) {
            AtomicInteger n = gets.get(key);
            return n == null ? 0 : n.get();
        }

        @Override
        public long revision() {
            return delegate.revision();
        }

        @Override
        public Optional<KeyValue> get(String key) {
            gets.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            return delegate.get(key);
        }

        @Override
        public List<KeyValue> range(String prefix) {
            return delegate.range(prefix);
        }

        @Override
        public CompletableFuture<TxnResult> txnAsync(Txn txn) {
            return delegate.txnAsync(txn);
        }

        @Override
        public Watch watch(String prefix, long afterRevision, Consumer<List<Event>> listener) {
            return delegate.watch(prefix, afterRevision, events -> {
                synchronized (this) {
                    if (gated && !closed) {
                        held.add(() -> listener.accept(events));
                        return;
                    }
                }
                listener.accept(events);
            });
        }

        @Override
        public synchronized void close() {
            closed = true;
            delegate.close();
        }
    }
}
