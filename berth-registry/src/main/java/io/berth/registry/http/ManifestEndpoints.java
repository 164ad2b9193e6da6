package io.berth.registry.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.registry.Digest;
import io.berth.registry.ErrorCode;
import io.berth.registry.ImageService;
import io.berth.registry.Names;
import io.berth.registry.RegistryException;
import io.berth.registry.manifest.MediaTypes;
import io.berth.registry.meta.ImageRecord;
import io.berth.registry.meta.RepositoryRecord;
import io.berth.wire.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Manifests by tag or digest, tag lists, the catalog and referrers. */
final class ManifestEndpoints {
    private final ImageService images;

    ManifestEndpoints(ImageService images) {
        this.images = images;
    }

    void get(Exchange x, String repo, String ref) {
        ImageService.Stored s = images.getManifest(repo, ref);
        x.header("Docker-Content-Digest", s.image().digest()).header("ETag", "\"" + s.image().digest() + "\"");
        x.bytes(200, s.image().mediaType(), s.bytes());
        if ("GET".equals(x.method)) images.notePull(repo, s.image());
    }

    void put(Exchange x, String repo, String ref) {
        Long declared = x.length();
        if (declared != null && declared > ImageService.MAX_MANIFEST_BYTES) {
            // read what the client is sending (within reason) so it gets the 413 instead of a reset connection
            if (declared <= 4L * ImageService.MAX_MANIFEST_BYTES) drain(x.body());
            throw new RegistryException(ErrorCode.MANIFEST_INVALID, 413, "InvalidParameterException",
                    "manifest is " + declared + " bytes; the limit is " + ImageService.MAX_MANIFEST_BYTES, null);
        }
        byte[] body = readLimited(x.body(), ImageService.MAX_MANIFEST_BYTES + 1);
        Digest d = images.putManifest(repo, ref, x.header("Content-Type"), body);
        ImageRecord stored = images.meta().image(repo, d.toString()).map(v -> v.value()).orElse(null);
        x.header("Location", "/v2/" + repo + "/manifests/" + d).header("Docker-Content-Digest", d);
        if (stored != null && stored.subject() != null) x.header("OCI-Subject", stored.subject());
        x.empty(201);
    }

    private static void drain(java.io.InputStream in) {
        try (in) {
            byte[] buf = new byte[64 * 1024];
            while (in.read(buf) >= 0) {
                // discard
            }
        } catch (IOException ignored) {
            // the answer is a refusal either way
        }
    }

    void delete(Exchange x, String repo, String ref) {
        images.meta().requireRepo(repo);
        boolean found;
        if (Digest.isDigest(ref)) {
            // a manifest an index lists is refused (409 DENIED), as BatchDeleteImage's ImageReferencedByManifestList
            found = images.meta().deleteImage(repo, Digest.parse(ref).toString()).isPresent();
        } else {
            found = Names.validTag(ref) && images.meta().deleteTag(repo, ref).isPresent();
        }
        if (!found) throw new RegistryException(ErrorCode.MANIFEST_UNKNOWN, "no manifest " + ref + " in " + repo);
        x.empty(202);
    }

    void tags(Exchange x, String repo) {
        images.meta().requireRepo(repo);
        List<String> all = new ArrayList<>(images.meta().tags(repo).keySet());
        Page p = page(x, all);
        if (p.next != null) x.header("Link", "</v2/" + repo + "/tags/list?n=" + p.n + "&last=" + p.next + ">; rel=\"next\"");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", repo);
        body.put("tags", p.items);
        x.json(200, body);
    }

    void catalog(Exchange x) {
        List<String> all = images.meta().repos().stream().map(RepositoryRecord::name).toList();
        Page p = page(x, all);
        if (p.next != null) x.header("Link", "</v2/_catalog?n=" + p.n + "&last=" + p.next + ">; rel=\"next\"");
        x.json(200, Map.of("repositories", p.items));
    }

    /** The referrers API: an OCI index of the manifests whose subject is {@code ref}. */
    void referrers(Exchange x, String repo, String ref) {
        images.meta().requireRepo(repo);
        String subject = Digest.parse(ref).toString();
        String filter = x.query("artifactType");
        ObjectNode index = Json.object();
        index.put("schemaVersion", 2);
        index.put("mediaType", MediaTypes.OCI_INDEX);
        ArrayNode list = index.putArray("manifests");
        for (ImageRecord img : images.meta().images(repo)) {
            if (!subject.equals(img.subject())) continue;
            if (filter != null && !filter.equals(img.artifactMediaType())) continue;
            ObjectNode d = list.addObject();
            d.put("mediaType", img.mediaType());
            d.put("digest", img.digest());
            d.put("size", img.manifestSize());
            if (img.artifactMediaType() != null) d.put("artifactType", img.artifactMediaType());
            JsonNode annotations = Json.MAPPER.valueToTree(Map.of());
            try {
                annotations = Json.MAPPER.readTree(images.blobs().read(Digest.parse(img.digest()))).path("annotations");
            } catch (IOException | RuntimeException unreadable) {
                // listed without annotations
            }
            if (annotations.isObject() && !annotations.isEmpty()) d.set("annotations", annotations);
        }
        if (filter != null) x.header("OCI-Filters-Applied", "artifactType");
        x.bytes(200, MediaTypes.OCI_INDEX, Json.bytes(index));
    }

    private record Page(List<String> items, int n, String next) {}

    /** The spec's pagination: names after {@code last}, at most {@code n}, with the next page's start. */
    private static Page page(Exchange x, List<String> sorted) {
        String last = x.query("last");
        String nq = x.query("n");
        int n;
        try {
            n = nq == null ? Integer.MAX_VALUE : Integer.parseInt(nq);
        } catch (NumberFormatException e) {
            throw new RegistryException(ErrorCode.UNSUPPORTED, 400, "InvalidParameterException", "n must be a number", null);
        }
        if (n < 0) throw new RegistryException(ErrorCode.UNSUPPORTED, 400, "InvalidParameterException", "n must not be negative", null);
        List<String> after = last == null ? sorted : sorted.stream().filter(s -> s.compareTo(last) > 0).toList();
        if (after.size() <= n) return new Page(after, n, null);
        List<String> items = after.subList(0, n);
        return new Page(items, n, items.isEmpty() ? null : items.get(items.size() - 1));
    }

    private static byte[] readLimited(InputStream in, int limit) {
        try (in) {
            byte[] b = in.readNBytes(limit);
            if (b.length >= limit) {
                throw new RegistryException(ErrorCode.MANIFEST_INVALID, 413, "InvalidParameterException",
                        "manifest is larger than " + ImageService.MAX_MANIFEST_BYTES + " bytes", null);
            }
            return b;
        } catch (IOException e) {
            throw new RegistryException(ErrorCode.MANIFEST_INVALID, "could not read the manifest: " + e.getMessage());
        }
    }
}
