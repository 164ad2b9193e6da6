package io.berth.registry;

import io.berth.registry.blob.BlobStore;
import io.berth.registry.manifest.Manifest;
import io.berth.registry.meta.ImageRecord;
import io.berth.registry.meta.LinkRecord;
import io.berth.registry.meta.Metadata;
import io.berth.registry.meta.TagRecord;
import io.berth.registry.meta.Versioned;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * Manifests and blob visibility, shared by the OCI endpoints and the ECR API: storing a manifest
 * checks that everything it references is in the repository, writes its bytes as a blob and then
 * its record (compare-and-set). Writers that make a blob referenced hold {@link #gcLock}'s read
 * side, so the garbage collector (write side) never deletes a blob a commit is about to reference.
 */
public final class ImageService {
    public static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

    /** How stale lastRecordedPullTime may get before a pull records a new one. */
    public static final Duration PULL_RECORD_STEP = Duration.ofHours(1);

    private final Metadata meta;
    private final BlobStore blobs;
    private final Clock clock;
    private final ReadWriteLock gcLock = new ReentrantReadWriteLock();
    private volatile Consumer<String> afterPush = repo -> { };

    public ImageService(Metadata meta, BlobStore blobs, Clock clock) {
        this.meta = meta;
        this.blobs = blobs;
        this.clock = clock;
    }

    public Metadata meta() {
        return meta;
    }

    public BlobStore blobs() {
        return blobs;
    }

    public Clock clock() {
        return clock;
    }

    public ReadWriteLock gcLock() {
        return gcLock;
    }

    /** Called with the repository's name after each stored manifest (lifecycle policies run here). */
    public void onPush(Consumer<String> hook) {
        this.afterPush = hook;
    }

    /** A stored manifest: its record and bytes. */
    public record Stored(ImageRecord image, byte[] bytes) {}

    /**
     * Stores a manifest under {@code reference} (a tag, or the digest it must hash to). Returns its
     * digest. Nothing is written unless the manifest is valid and all it references is present.
     */
    public Digest putManifest(String repo, String reference, String contentType, byte[] body) {
        if (body.length > MAX_MANIFEST_BYTES) {
            throw new RegistryException(ErrorCode.MANIFEST_INVALID, 413, "InvalidParameterException",
                    "manifest is " + body.length + " bytes; the limit is " + MAX_MANIFEST_BYTES, null);
        }
        meta.requireRepo(repo);
        Digest digest = Digest.of(body);
        String tag = null;
        if (Digest.isDigest(reference)) {
            Digest wanted = Digest.parse(reference);
            if (!wanted.equals(digest)) {
                throw new RegistryException(ErrorCode.DIGEST_INVALID, 400, "ImageDigestDoesNotMatchException",
                        "manifest has digest " + digest + ", not " + wanted, Map.of("digest", wanted.toString()));
            }
        } else {
            Names.requireTag(reference);
            tag = reference;
        }
        Manifest m = Manifest.parse(body, contentType);
        gcLock.readLock().lock();
        try {
            List<String> missing = new ArrayList<>();
            for (Manifest.Descriptor d : m.blobs()) {
                if (meta.link(repo, d.digest().toString()).isEmpty() || !blobs.exists(d.digest())) missing.add(d.digest().toString());
            }
            if (!missing.isEmpty()) {
                throw new RegistryException(ErrorCode.MANIFEST_BLOB_UNKNOWN, 400, "LayersNotFoundException",
                        "the manifest references blobs not in repository " + repo + ": " + missing, Map.of("digests", missing));
            }
            long largestChild = 0;
            for (Manifest.Descriptor d : m.manifests()) {
                var child = meta.image(repo, d.digest().toString());
                if (child.isEmpty()) missing.add(d.digest().toString());
                else largestChild = Math.max(largestChild, child.get().value().imageSize());
            }
            if (!missing.isEmpty()) throw Metadata.referencedImagesNotFound(repo, missing);
            blobs.put(body);
            // ECR's imageSizeInBytes: an image's layers and config; for a manifest list, its largest manifest
            long size = m.manifests().isEmpty() ? m.blobSize() : Math.max(m.blobSize(), largestChild);
            ImageRecord record = new ImageRecord(digest.toString(), m.mediaType(), m.artifactMediaType(), body.length,
                    size, clock.instant(), m.blobs().stream().map(d -> d.digest().toString()).toList(),
                    m.manifests().stream().map(d -> d.digest().toString()).toList(), m.subject(), null);
            meta.putImage(repo, record, tag, tag == null ? null : new TagRecord(digest.toString(), clock.instant()));
        } finally {
            gcLock.readLock().unlock();
        }
        afterPush.accept(repo);
        return digest;
    }

    /** The manifest {@code reference} (tag or digest) names in {@code repo}, or MANIFEST_UNKNOWN. */
    public Stored getManifest(String repo, String reference) {
        meta.requireRepo(repo);
        String digest;
        if (Digest.isDigest(reference)) {
            digest = Digest.parse(reference).toString();
        } else {
            if (!Names.validTag(reference)) throw new RegistryException(ErrorCode.MANIFEST_UNKNOWN, "no manifest " + reference);
            digest = meta.tag(repo, reference).map(v -> v.value().digest())
                    .orElseThrow(() -> new RegistryException(ErrorCode.MANIFEST_UNKNOWN, "no manifest tagged " + reference + " in " + repo));
        }
        Versioned<ImageRecord> image = meta.image(repo, digest)
                .orElseThrow(() -> new RegistryException(ErrorCode.MANIFEST_UNKNOWN, "no manifest " + reference + " in " + repo));
        return new Stored(image.value(), blobs.read(Digest.parse(digest)));
    }

    /**
     * Records that {@code image} was pulled, in the background and at most once per
     * {@link #PULL_RECORD_STEP} per image. ECR, too, only promises to refresh lastRecordedPullTime
     * "at least once every 24 hours"; a write per pull would cost every manifest GET a commit.
     */
    public void notePull(String repo, ImageRecord image) {
        Instant now = clock.instant();
        if (!pullRecordDue(image, now)) return;
        Thread.ofVirtual().name("registry-pull-record").start(() -> meta.touchPulled(repo, image.digest(), now));
    }

    /** Whether a pull of {@code image} at {@code now} should be recorded: never recorded, or recorded over a step ago. */
    static boolean pullRecordDue(ImageRecord image, Instant now) {
        return image.lastPulledAt() == null || !image.lastPulledAt().isAfter(now.minus(PULL_RECORD_STEP));
    }

    /** The size of blob {@code d} if repository {@code repo} holds it, or BLOB_UNKNOWN. */
    public long requireBlob(String repo, Digest d) {
        meta.requireRepo(repo);
        var size = blobs.size(d);
        boolean linked = meta.link(repo, d.toString()).isPresent() || meta.image(repo, d.toString()).isPresent();
        if (!linked || size.isEmpty()) throw new RegistryException(ErrorCode.BLOB_UNKNOWN, "blob " + d + " is not in repository " + repo);
        return size.getAsLong();
    }

    /** Makes an installed blob visible in {@code repo}. */
    public void link(String repo, Digest d, long size) {
        gcLock.readLock().lock();
        try {
            meta.link(repo, d.toString(), new LinkRecord(size, clock.instant()));
        } finally {
            gcLock.readLock().unlock();
        }
    }

    /** Mounts blob {@code d} from repository {@code from} into {@code repo}; false if {@code from} does not hold it. */
    public boolean mount(String repo, Digest d, String from) {
        if (from == null || meta.repo(from).isEmpty() || meta.link(from, d.toString()).isEmpty()) return false;
        var size = blobs.size(d);
        if (size.isEmpty()) return false;
        blobs.touch(d);
        link(repo, d, size.getAsLong());
        return true;
    }
}
