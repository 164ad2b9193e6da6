package io.berth.registry.meta;

import io.berth.registry.ErrorCode;
import io.berth.registry.RegistryException;
import io.berth.store.KeyValue;
import io.berth.store.StateStore;
import io.berth.store.Txn;
import io.berth.store.TxnResult;
import io.berth.wire.AwsException;
import io.berth.wire.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The registry's records in the StateStore. Every write is a compare-and-set on the revisions it
 * read, retried when another writer got there first, so concurrent pushes to one repository (or a
 * delete racing a push) never lose or half-apply an update. Thread-safe and blocking.
 */
public final class Metadata {
    private static final int MAX_ATTEMPTS = 50;

    /** Set while a compare-and-set is retried: its reads go to the store, which the view may trail. */
    private static final ThreadLocal<Boolean> direct = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private final StateStore store;
    private final RecordView view;

    public Metadata(StateStore store) {
        this.store = store;
        this.view = new RecordView(store, Keys.PREFIX);
    }

    /**
     * Builds the JSON reader and writer of each record type the registry stores. Jackson makes them
     * on first use, by introspecting the class, which an AOT cache cannot keep: in a freshly started
     * server that took ~10–20 ms inside the first push's requests, and as much again in its manifest
     * PUT (JFR). The registry calls this on its warm-up thread at start.
     */
    public static void primeCodecs() {
        for (Class<?> type : List.of(RepositoryRecord.class, ImageRecord.class, LinkRecord.class, TagRecord.class)) {
            Json.MAPPER.readerFor(type);
            Json.MAPPER.writerFor(type);
        }
    }

    /** Stops following the store. */
    public void close() {
        view.close();
    }

    /**
     * Applies {@code txn} to the store and, if it succeeded, waits until this server's view of the
     * records holds it, so whoever is told of the write can read it back.
     */
    public TxnResult txn(Txn txn) {
        TxnResult r = store.txn(txn);
        if (r.succeeded()) view.await(txn, r.revision());
        return r;
    }

    private List<KeyValue> range(String prefix) {
        return direct.get() ? store.range(prefix) : view.range(prefix);
    }

    public StateStore store() {
        return store;
    }

    // ---- reads

    public Optional<Versioned<RepositoryRecord>> repo(String name) {
        return read(Keys.repo(name), RepositoryRecord.class).filter(v -> !v.value().deleting());
    }

    /** The repository, or NAME_UNKNOWN (RepositoryNotFoundException on the ECR API). */
    public Versioned<RepositoryRecord> requireRepo(String name) {
        return repo(name).orElseThrow(() -> notFound(name));
    }

    public static RegistryException notFound(String name) {
        return new RegistryException(ErrorCode.NAME_UNKNOWN, "The repository with name '" + name
                + "' does not exist in the registry; create it first (aws ecr create-repository)");
    }

    public List<RepositoryRecord> repos() {
        List<RepositoryRecord> out = new ArrayList<>();
        for (KeyValue kv : range(Keys.REPOS)) {
            RepositoryRecord r = Json.read(kv.value(), RepositoryRecord.class);
            if (!r.deleting()) out.add(r);
        }
        return out;
    }

    public Optional<Versioned<ImageRecord>> image(String repo, String digest) {
        return read(Keys.image(repo, digest), ImageRecord.class);
    }

    public List<ImageRecord> images(String repo) {
        return range(Keys.images(repo)).stream().map(kv -> Json.read(kv.value(), ImageRecord.class)).toList();
    }

    /** An index names manifests {@code missing} that {@code repo} does not hold. */
    public static RegistryException referencedImagesNotFound(String repo, List<String> missing) {
        return new RegistryException(ErrorCode.MANIFEST_BLOB_UNKNOWN, 400, "ReferencedImagesNotFoundException",
                "the index references manifests not in repository " + repo + ": " + missing, Map.of("digests", missing));
    }

    /** The ECR name of the refusal to delete a manifest an index lists. */
    public static final String REFERENCED_BY_INDEX = "ImageReferencedByManifestList";

    /** Whether an image index in {@code repo} lists the manifest {@code digest}. */
    public boolean referencedByIndex(String repo, String digest) {
        return images(repo).stream().anyMatch(i -> i.manifests().contains(digest));
    }

    public Optional<Versioned<TagRecord>> tag(String repo, String tag) {
        return read(Keys.tag(repo, tag), TagRecord.class);
    }

    /** Tag → record, in tag order. */
    public Map<String, TagRecord> tags(String repo) {
        Map<String, TagRecord> out = new LinkedHashMap<>();
        for (KeyValue kv : range(Keys.tags(repo))) out.put(Keys.suffix(kv.key()), Json.read(kv.value(), TagRecord.class));
        return out;
    }

    /** Digest → its tags, for every tagged image in the repository. */
    public Map<String, List<String>> tagsByDigest(String repo) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        tags(repo).forEach((tag, r) -> out.computeIfAbsent(r.digest(), d -> new ArrayList<>()).add(tag));
        return out;
    }

    public Optional<LinkRecord> link(String repo, String digest) {
        return read(Keys.link(repo, digest), LinkRecord.class).map(Versioned::value);
    }

    // ---- writes

    public void createRepo(RepositoryRecord r) {
        var stale = read(Keys.repo(r.name()), RepositoryRecord.class);
        if (stale.isPresent() && !stale.get().value().deleting()) throw exists(r.name());
        Txn.Builder txn = Txn.builder();
        if (stale.isPresent()) txn.ifModRevision(Keys.repo(r.name()), stale.get().modRevision());
        else txn.ifAbsent(Keys.repo(r.name()));
        if (!txn(txn.put(Keys.repo(r.name()), Json.bytes(r)).build()).succeeded()) throw exists(r.name());
    }

    private static AwsException exists(String name) {
        return new AwsException("RepositoryAlreadyExistsException",
                "The repository with name '" + name + "' already exists in the registry");
    }

    /** Applies {@code change} to the repository with compare-and-set; returns the new record. */
    public RepositoryRecord updateRepo(String name, UnaryOperator<RepositoryRecord> change) {
        return retry(() -> {
            Versioned<RepositoryRecord> cur = requireRepo(name);
            RepositoryRecord next = change.apply(cur.value());
            Txn txn = Txn.builder().ifModRevision(Keys.repo(name), cur.modRevision()).put(Keys.repo(name), Json.bytes(next)).build();
            return txn(txn).succeeded() ? Optional.of(next) : Optional.empty();
        });
    }

    /**
     * Deletes a repository and everything in it. First marks it deleting (which fails every push in
     * flight at its compare), then removes all of its keys in one transaction. Without {@code force}
     * a repository that holds images is refused with RepositoryNotEmptyException.
     */
    public RepositoryRecord deleteRepo(String name, boolean force) {
        RepositoryRecord marked = retry(() -> {
            Versioned<RepositoryRecord> cur = requireRepo(name);
            if (!force && !range(Keys.images(name)).isEmpty()) {
                throw new AwsException("RepositoryNotEmptyException", "The repository with name '" + name
                        + "' in registry with id '" + cur.value().registryId() + "' cannot be deleted because it still contains images");
            }
            RepositoryRecord next = cur.value().markDeleting();
            Txn txn = Txn.builder().ifModRevision(Keys.repo(name), cur.modRevision()).put(Keys.repo(name), Json.bytes(next)).build();
            return txn(txn).succeeded() ? Optional.of(next) : Optional.empty();
        });
        Txn.Builder txn = Txn.builder().delete(Keys.repo(name));
        for (String prefix : List.of(Keys.images(name), Keys.tags(name), Keys.links(name))) {
            for (KeyValue kv : range(prefix)) txn.delete(kv.key());
        }
        txn(txn.delete(Keys.preview(name)).build());
        return marked;
    }

    /** Records that {@code repo} holds the blob {@code digest}. */
    public void link(String repo, String digest, LinkRecord link) {
        retry(() -> {
            Versioned<RepositoryRecord> r = requireRepo(repo);
            Txn txn = Txn.builder().ifModRevision(Keys.repo(repo), r.modRevision()).put(Keys.link(repo, digest), Json.bytes(link)).build();
            return txn(txn).succeeded() ? Optional.of(Boolean.TRUE) : Optional.empty();
        });
    }

    /**
     * Stores a manifest's record and, if {@code tag} is given, points the tag at it. An image
     * already stored keeps its first push time. A tag that the repository holds immutable and that
     * points elsewhere is refused (TAG_INVALID / ImageTagAlreadyExistsException).
     */
    public void putImage(String repo, ImageRecord image, String tag, TagRecord tagRecord) {
        retry(() -> {
            Versioned<RepositoryRecord> r = requireRepo(repo);
            Txn.Builder txn = Txn.builder().ifModRevision(Keys.repo(repo), r.modRevision());
            for (String child : image.manifests()) {
                var c = image(repo, child);
                if (c.isEmpty()) throw referencedImagesNotFound(repo, List.of(child));
                // rewritten as it is, so its revision moves: a delete that looked for indexes before
                // this commit fails its compare-and-set, retries and finds this index
                txn.ifModRevision(Keys.image(repo, child), c.get().modRevision()).put(Keys.image(repo, child), Json.bytes(c.get().value()));
            }
            var existing = image(repo, image.digest());
            if (existing.isPresent()) {
                txn.ifModRevision(Keys.image(repo, image.digest()), existing.get().modRevision());
            } else {
                txn.ifAbsent(Keys.image(repo, image.digest())).put(Keys.image(repo, image.digest()), Json.bytes(image));
            }
            if (tag != null) {
                var old = tag(repo, tag);
                if (old.isPresent()) {
                    if (old.get().value().digest().equals(image.digest())) return commit(txn) ? Optional.of(Boolean.TRUE) : Optional.empty();
                    if (r.value().immutable(tag)) {
                        throw new RegistryException(ErrorCode.TAG_INVALID, 400, "ImageTagAlreadyExistsException",
                                "The image tag '" + tag + "' already exists in the '" + repo
                                        + "' repository and cannot be overwritten because the tag is immutable.", null);
                    }
                    txn.ifModRevision(Keys.tag(repo, tag), old.get().modRevision());
                } else {
                    txn.ifAbsent(Keys.tag(repo, tag));
                }
                txn.put(Keys.tag(repo, tag), Json.bytes(tagRecord));
            }
            return commit(txn) ? Optional.of(Boolean.TRUE) : Optional.empty();
        });
    }

    private boolean commit(Txn.Builder txn) {
        Txn t = txn.build();
        return t.ops().isEmpty() || txn(t).succeeded();
    }

    /** Removes a tag; returns the digest it pointed at, if it existed. */
    public Optional<String> deleteTag(String repo, String tag) {
        return retryOptional(() -> {
            var cur = tag(repo, tag);
            if (cur.isEmpty()) return Optional.of(Optional.<String>empty());
            Txn txn = Txn.builder().ifModRevision(Keys.tag(repo, tag), cur.get().modRevision()).delete(Keys.tag(repo, tag)).build();
            return txn(txn).succeeded() ? Optional.of(Optional.of(cur.get().value().digest())) : Optional.empty();
        });
    }

    /**
     * Removes an image and every tag pointing at it; returns the tags removed, or empty if it was
     * absent. A manifest an image index lists is refused (409 DENIED, ImageReferencedByManifestList):
     * the check and the delete are one compare-and-set, since storing an index rewrites its manifests.
     */
    public Optional<List<String>> deleteImage(String repo, String digest) {
        return retryOptional(() -> {
            var cur = image(repo, digest);
            if (cur.isEmpty()) return Optional.of(Optional.<List<String>>empty());
            if (referencedByIndex(repo, digest)) {
                throw new RegistryException(ErrorCode.DENIED, 409, REFERENCED_BY_INDEX,
                        "manifest " + digest + " is referenced by an image index in " + repo + "; delete the index first", null);
            }
            Txn.Builder txn = Txn.builder().ifModRevision(Keys.image(repo, digest), cur.get().modRevision()).delete(Keys.image(repo, digest));
            List<String> removed = new ArrayList<>();
            for (KeyValue kv : range(Keys.tags(repo))) {
                if (Json.read(kv.value(), TagRecord.class).digest().equals(digest)) {
                    txn.ifModRevision(kv.key(), kv.modRevision()).delete(kv.key());
                    removed.add(Keys.suffix(kv.key()));
                }
            }
            return txn(txn.build()).succeeded() ? Optional.of(Optional.of(removed)) : Optional.empty();
        });
    }

    /** Records a pull time on an image (best effort: a lost race just keeps the other's time). */
    public void touchPulled(String repo, String digest, java.time.Instant when) {
        image(repo, digest).ifPresent(v -> txn(Txn.builder().ifModRevision(Keys.image(repo, digest), v.modRevision())
                .put(Keys.image(repo, digest), Json.bytes(v.value().withLastPulledAt(when))).build()));
    }

    public void putRaw(String key, byte[] value) {
        txn(Txn.builder().put(key, value).build());
    }

    public <T> Optional<Versioned<T>> read(String key, Class<T> type) {
        if (!direct.get()) return view.read(key, type);
        return store.get(key).map(kv -> new Versioned<>(Json.read(kv.value(), type), kv.modRevision()));
    }

    /** Runs {@code attempt} until it commits: first against the view, then (after a lost compare) against the store. */
    private static <T> T retry(java.util.function.Supplier<Optional<T>> attempt) {
        boolean outer = !direct.get();
        try {
            for (int i = 0; i < MAX_ATTEMPTS; i++) {
                Optional<T> r = attempt.get();
                if (r.isPresent()) return r.get();
                direct.set(Boolean.TRUE);
            }
        } finally {
            if (outer) direct.set(Boolean.FALSE);
        }
        throw new AwsException("LimitExceededException", "too many concurrent changes; try again", 400);
    }

    private static <T> Optional<T> retryOptional(java.util.function.Supplier<Optional<Optional<T>>> attempt) {
        return retry(attempt);
    }
}
