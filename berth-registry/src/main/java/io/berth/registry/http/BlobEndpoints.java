package io.berth.registry.http;

import io.berth.registry.Digest;
import io.berth.registry.ErrorCode;
import io.berth.registry.ImageService;
import io.berth.registry.RegistryException;
import io.berth.registry.blob.Uploads;
import java.util.Optional;
import java.util.function.Consumer;

/** Blob reads and the upload protocol: POST, PATCH, PUT (monolithic or chunked), status, cancel, mount. */
final class BlobEndpoints {
    private final ImageService images;
    private final Uploads uploads;

    BlobEndpoints(ImageService images, Uploads uploads) {
        this.images = images;
        this.uploads = uploads;
    }

    /** GET/HEAD a blob, honouring a single {@code Range: bytes=a-b} (and ignoring any other Range). */
    void get(Exchange x, String repo, String ref) {
        Digest d = Digest.parse(ref);
        long size = images.requireBlob(repo, d);
        x.header("Docker-Content-Digest", d).header("Accept-Ranges", "bytes").header("ETag", "\"" + d + "\"");
        String range = x.header("Range");
        if (range == null || "HEAD".equals(x.method) || !ByteRange.applies(range)) {
            x.file(200, "application/octet-stream", images.blobs().path(d), 0, size);
            return;
        }
        long[] r = ByteRange.parse(range, size);
        if (r == null) {
            x.header("Content-Range", "bytes */" + size);
            throw new RegistryException(ErrorCode.BLOB_UNKNOWN, 416, "InvalidParameterException",
                    "range " + range + " is not satisfiable for a blob of " + size + " bytes", null);
        }
        x.header("Content-Range", "bytes " + r[0] + "-" + r[1] + "/" + size);
        x.file(206, "application/octet-stream", images.blobs().path(d), r[0], r[1] - r[0] + 1);
    }

    /** POST: a mount, a monolithic upload ({@code ?digest=}), or a new upload session. */
    void start(Exchange x, String repo) {
        images.meta().requireRepo(repo);
        // a mount that cannot be done, a malformed digest included, falls back to a new session (the spec's 202)
        Optional<Digest> mount = Optional.ofNullable(x.query("mount")).flatMap(Digest::tryParse);
        if (mount.isPresent() && images.mount(repo, mount.get(), x.query("from"))) {
            created(x, repo, mount.get());
            return;
        }
        String digest = x.query("digest");
        if (digest != null) {
            Digest d = Digest.parse(digest);
            BodyPump.start(x, uploads.whole(x.length()), installed(x, repo, d));
            return;
        }
        accepted(x, uploads.start(repo));
    }

    // an upload session outlives a deleted repository only as files for GC: every use of it is NAME_UNKNOWN

    void status(Exchange x, String repo, String id) {
        images.meta().requireRepo(repo);
        Uploads.Status s = uploads.status(repo, id);
        x.header("Location", location(repo, s.id())).header("Range", range(s.offset())).header("Docker-Upload-UUID", s.id());
        x.empty(204);
    }

    void patch(Exchange x, String repo, String id) {
        images.meta().requireRepo(repo);
        BodyPump.start(x, append(x, repo, id), a -> accepted(x, a.end()));
    }

    void finish(Exchange x, String repo, String id) {
        images.meta().requireRepo(repo);
        String digest = x.query("digest");
        if (digest == null) throw new RegistryException(ErrorCode.DIGEST_INVALID, "closing an upload needs ?digest=");
        Digest d = Digest.parse(digest);
        BodyPump.start(x, append(x, repo, id), installed(x, repo, d));
    }

    void cancel(Exchange x, String repo, String id) {
        images.meta().requireRepo(repo);
        uploads.cancel(repo, id);
        x.empty(204);
    }

    /** Closes an upload as blob {@code d}, links it into {@code repo} and answers 201. */
    private Consumer<Uploads.Appender> installed(Exchange x, String repo, Digest d) {
        return a -> {
            images.link(repo, d, a.close(d));
            created(x, repo, d);
        };
    }

    private static void created(Exchange x, String repo, Digest d) {
        x.header("Location", "/v2/" + repo + "/blobs/" + d).header("Docker-Content-Digest", d);
        x.empty(201);
    }

    private static void accepted(Exchange x, Uploads.Status s) {
        x.header("Location", location(s.repository(), s.id())).header("Range", range(s.offset()))
                .header("Docker-Upload-UUID", s.id());
        x.empty(202);
    }

    private static String location(String repo, String id) {
        return "/v2/" + repo + "/blobs/uploads/" + id;
    }

    /** The spec's upload progress form: inclusive {@code 0-<last byte>}, and {@code 0-0} when empty. */
    private static String range(long offset) {
        return "0-" + Math.max(0, offset - 1);
    }

    /**
     * Starts appending the chunk a PATCH or PUT carries: at the offset its Content-Range names (or
     * wherever the upload stands), as long as that range says (or Content-Length, or unknown). A
     * Content-Length that disagrees with the range is refused before any byte is read.
     */
    private Uploads.Appender append(Exchange x, String repo, String id) {
        Long[] cr = contentRange(x);
        if (cr == null) return uploads.append(repo, id, null, x.length());
        long length = cr[1] - cr[0] + 1;
        if (x.length() != null && x.length() != length) {
            throw new RegistryException(ErrorCode.BLOB_UPLOAD_INVALID, 400, "InvalidLayerPartException",
                    "Content-Length " + x.length() + " does not match Content-Range " + x.header("Content-Range"), null);
        }
        return uploads.append(repo, id, cr[0], length);
    }

    /** {@code Content-Range: <start>-<end>} (also accepting a {@code bytes } prefix and {@code /total}). */
    private static Long[] contentRange(Exchange x) {
        String h = x.header("Content-Range");
        if (h == null || h.isBlank()) return null;
        String s = h.strip();
        if (s.startsWith("bytes ")) s = s.substring(6);
        int slash = s.indexOf('/');
        if (slash >= 0) s = s.substring(0, slash);
        int dash = s.indexOf('-');
        try {
            long start = Long.parseLong(s.substring(0, dash).strip());
            long end = Long.parseLong(s.substring(dash + 1).strip());
            if (start < 0 || end < start) throw new NumberFormatException();
            return new Long[] {start, end};
        } catch (RuntimeException e) {
            throw new RegistryException(ErrorCode.BLOB_UPLOAD_INVALID, 416, "InvalidLayerPartException", "malformed Content-Range " + h, null);
        }
    }
}
