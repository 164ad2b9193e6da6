package io.berth.registry.blob;

import io.berth.registry.meta.ImageRecord;
import io.berth.registry.meta.Keys;
import io.berth.registry.meta.LinkRecord;
import io.berth.registry.meta.Metadata;
import io.berth.store.KeyValue;
import io.berth.store.StateStore;
import io.berth.store.Txn;
import io.berth.wire.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Lock;

/**
 * Mark and sweep over the blob files. Live: every stored manifest and the blobs it references, and
 * every repository link younger than the grace period (an upload whose manifest has not come yet).
 * Older links to blobs no manifest of their repository uses are dropped, then unreferenced files
 * older than the grace period are deleted, as are idle upload sessions. Runs under the write side
 * of the image service's lock, so no commit can start referencing a blob while it is swept.
 */
public final class BlobCollector {
    private final Metadata meta;
    private final StateStore store;
    private final BlobStore blobs;
    private final Uploads uploads;
    private final Lock exclusive;
    private final Clock clock;

    public BlobCollector(Metadata meta, BlobStore blobs, Uploads uploads, Lock exclusive, Clock clock) {
        this.meta = meta;
        this.store = meta.store(); // the sweep reads the store itself, never a view that may trail it
        this.blobs = blobs;
        this.uploads = uploads;
        this.exclusive = exclusive;
        this.clock = clock;
    }

    /** What one collection removed. */
    public record Result(int blobsDeleted, long bytesFreed, int linksDropped, int uploadsExpired) {}

    public Result collect(Duration grace) {
        Instant cutoff = clock.instant().minus(grace);
        exclusive.lock();
        try {
            Set<String> live = new HashSet<>();
            Map<String, Set<String>> usedByRepo = new HashMap<>();
            for (KeyValue kv : store.range(Keys.IMAGES)) {
                ImageRecord img = Json.read(kv.value(), ImageRecord.class);
                Set<String> used = usedByRepo.computeIfAbsent(Keys.repoOf(kv.key(), Keys.IMAGES), r -> new HashSet<>());
                live.add(img.digest());
                live.addAll(img.blobs());
                used.addAll(img.blobs());
            }
            int dropped = 0;
            for (KeyValue kv : store.range(Keys.LINKS)) {
                String digest = Keys.suffix(kv.key());
                LinkRecord link = Json.read(kv.value(), LinkRecord.class);
                boolean used = usedByRepo.getOrDefault(Keys.repoOf(kv.key(), Keys.LINKS), Set.of()).contains(digest);
                if (used || link.linkedAt().isAfter(cutoff)) {
                    live.add(digest);
                } else if (meta.txn(Txn.builder().ifModRevision(kv.key(), kv.modRevision()).delete(kv.key()).build()).succeeded()) {
                    dropped++;
                } else {
                    live.add(digest);
                }
            }
            int deleted = 0;
            long freed = 0;
            for (BlobStore.Entry e : blobs.list()) {
                if (live.contains(e.digest().toString()) || e.modified().isAfter(cutoff)) continue;
                freed += blobs.size(e.digest()).orElse(0);
                blobs.delete(e.digest());
                deleted++;
            }
            int expired = uploads.expire(grace);
            uploads.sweep(cutoff);
            return new Result(deleted, freed, dropped, expired);
        } finally {
            exclusive.unlock();
        }
    }
}
