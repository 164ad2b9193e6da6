package io.berth.registry.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.registry.Digest;
import io.berth.registry.Names;
import io.berth.registry.RegistryException;
import io.berth.registry.meta.ImageRecord;
import io.berth.registry.meta.Metadata;
import io.berth.registry.meta.Versioned;
import io.berth.wire.AwsException;
import io.berth.wire.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** DescribeImages, ListImages, BatchGetImage, BatchDeleteImage and PutImage. */
final class ImageOps implements EcrApi.Group {
    private final EcrContext ctx;

    ImageOps(EcrContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void register(Map<String, Function<JsonNode, Object>> ops) {
        ops.put("DescribeImages", this::describe);
        ops.put("ListImages", this::list);
        ops.put("BatchGetImage", this::batchGet);
        ops.put("BatchDeleteImage", this::batchDelete);
        ops.put("PutImage", this::put);
        ops.put("DescribeImageScanFindings", this::scanFindings);
    }

    private Object describe(JsonNode in) {
        Paging.refuseWithList(in, "imageIds");
        String repo = in.path("repositoryName").asText();
        ctx.repo(repo);
        Map<String, List<String>> tags = ctx.meta().tagsByDigest(repo);
        Paging<ImageRecord> p;
        if (in.has("imageIds")) {
            List<ImageRecord> images = new ArrayList<>();
            for (JsonNode id : in.get("imageIds")) {
                images.add(resolve(repo, id).orElseThrow(() -> new AwsException("ImageNotFoundException",
                        "The image with imageId " + idText(id) + " does not exist within the repository with name '" + repo + "'")));
            }
            p = Paging.whole(images);
        } else {
            String status = in.path("filter").path("tagStatus").asText("ANY");
            List<ImageRecord> images = ctx.meta().images(repo).stream().filter(i -> matches(status, tags.get(i.digest()))).toList();
            // oldest push first; the digest orders images pushed in the same instant
            p = Paging.of(images, i -> String.format("%019d.%09d %s", i.pushedAt().getEpochSecond(), i.pushedAt().getNano(), i.digest()),
                    "DescribeImages", repo, in, 100);
        }
        ObjectNode out = Json.object();
        ArrayNode arr = out.putArray("imageDetails");
        for (ImageRecord i : p.page()) {
            ObjectNode d = arr.addObject();
            d.put("registryId", ctx.account());
            d.put("repositoryName", repo);
            d.put("imageDigest", i.digest());
            List<String> t = tags.getOrDefault(i.digest(), List.of());
            if (!t.isEmpty()) d.set("imageTags", Json.tree(t));
            d.put("imageSizeInBytes", i.imageSize());
            d.set("imagePushedAt", Json.tree(i.pushedAt()));
            d.put("imageManifestMediaType", i.mediaType());
            if (i.artifactMediaType() != null) d.put("artifactMediaType", i.artifactMediaType());
            if (i.lastPulledAt() != null) d.set("lastRecordedPullTime", Json.tree(i.lastPulledAt()));
            if (i.subject() != null) d.put("subjectManifestDigest", i.subject());
            d.put("imageStatus", "ACTIVE");
        }
        if (p.nextToken() != null) out.put("nextToken", p.nextToken());
        return out;
    }

    private Object list(JsonNode in) {
        String repo = in.path("repositoryName").asText();
        ctx.repo(repo);
        String status = in.path("filter").path("tagStatus").asText("ANY");
        Map<String, List<String>> tags = ctx.meta().tagsByDigest(repo);
        List<ObjectNode> ids = new ArrayList<>();
        for (ImageRecord i : ctx.meta().images(repo)) {
            List<String> t = tags.getOrDefault(i.digest(), List.of());
            if (!matches(status, t)) continue;
            if (t.isEmpty()) ids.add(Json.object().put("imageDigest", i.digest()));
            for (String tag : t) ids.add(Json.object().put("imageDigest", i.digest()).put("imageTag", tag));
        }
        Paging<ObjectNode> p = Paging.of(ids, id -> id.path("imageDigest").asText() + " " + id.path("imageTag").asText(""), "ListImages", repo, in, 100);
        ObjectNode out = Json.object();
        out.set("imageIds", Json.tree(p.page()));
        if (p.nextToken() != null) out.put("nextToken", p.nextToken());
        return out;
    }

    private Object batchGet(JsonNode in) {
        String repo = in.path("repositoryName").asText();
        ctx.repo(repo);
        List<String> accepted = EcrApi.strings(in.get("acceptedMediaTypes"));
        ObjectNode out = Json.object();
        ArrayNode images = out.putArray("images");
        ArrayNode failures = out.putArray("failures");
        for (JsonNode id : in.path("imageIds")) {
            if (!id.has("imageDigest") && !id.has("imageTag")) {
                failures.add(failure(id, "MissingDigestAndTag", "Invalid request parameters: both tag and digest cannot be null"));
                continue;
            }
            Optional<ImageRecord> img;
            try {
                img = resolve(repo, id);
            } catch (AwsException e) {
                failures.add(failure(id, e.code().equals("InvalidParameterException") ? "InvalidImageDigest" : "ImageNotFound", e.getMessage()));
                continue;
            }
            if (img.isEmpty()) {
                failures.add(tagOnAnotherDigest(repo, id) ? tagMismatch(id) : failure(id, "ImageNotFound", "Requested image not found"));
                continue;
            }
            if (!accepted.isEmpty() && !accepted.contains(img.get().mediaType())) {
                failures.add(failure(id, "ImageNotFound", "The image's media type " + img.get().mediaType() + " is not among acceptedMediaTypes"));
                continue;
            }
            ObjectNode o = images.addObject();
            o.put("registryId", ctx.account());
            o.put("repositoryName", repo);
            ObjectNode imageId = o.putObject("imageId").put("imageDigest", img.get().digest());
            if (id.has("imageTag")) imageId.put("imageTag", id.get("imageTag").asText());
            o.put("imageManifest", new String(ctx.images().blobs().read(Digest.parse(img.get().digest())), StandardCharsets.UTF_8));
            o.put("imageManifestMediaType", img.get().mediaType());
        }
        return out;
    }

    /**
     * ECR's deletion rules: by digest removes the image and all its tags; by tag removes the tag,
     * and the image too once it has no tag left. An image an index still references is refused.
     */
    private Object batchDelete(JsonNode in) {
        String repo = in.path("repositoryName").asText();
        ctx.repo(repo);
        ObjectNode out = Json.object();
        ArrayNode deleted = out.putArray("imageIds");
        ArrayNode failures = out.putArray("failures");
        for (JsonNode id : in.path("imageIds")) {
            String tag = id.path("imageTag").asText(null);
            String digest = id.path("imageDigest").asText(null);
            if (tag == null && digest == null) {
                failures.add(failure(id, "MissingDigestAndTag", "Invalid request parameters: both tag and digest cannot be null"));
                continue;
            }
            if (digest != null && !validDigest(digest)) {
                failures.add(failure(id, "InvalidImageDigest", "Invalid request parameters: image digest should satisfy the regex"));
                continue;
            }
            if (tag != null) {
                var t = ctx.meta().tag(repo, tag);
                if (t.isEmpty()) {
                    failures.add(failure(id, "ImageNotFound", "Requested image not found"));
                    continue;
                }
                if (digest != null && !digest.equals(t.get().value().digest())) {
                    failures.add(tagMismatch(id));
                    continue;
                }
                digest = t.get().value().digest();
            }
            // removing an image's last tag would leave an index's manifest untagged: refused, as by digest below
            if (tag != null && ctx.meta().tagsByDigest(repo).getOrDefault(digest, List.of()).size() <= 1 && ctx.meta().referencedByIndex(repo, digest)) {
                failures.add(failure(id, "ImageReferencedByManifestList", "Requested image is referenced by an image index"));
                continue;
            }
            if (tag != null) {
                ctx.meta().deleteTag(repo, tag);
                // an index that came to list it meanwhile keeps the image, untagged
                if (ctx.meta().tagsByDigest(repo).getOrDefault(digest, List.of()).isEmpty()) deleteUnlessIndexed(repo, digest);
                deleted.add(Json.object().put("imageDigest", digest).put("imageTag", tag));
            } else {
                var removed = deleteUnlessIndexed(repo, digest);
                if (removed == null) {
                    failures.add(failure(id, "ImageReferencedByManifestList", "Requested image is referenced by an image index"));
                    continue;
                }
                if (removed.isEmpty()) {
                    failures.add(failure(id, "ImageNotFound", "Requested image not found"));
                    continue;
                }
                deleted.add(Json.object().put("imageDigest", digest));
            }
        }
        return out;
    }

    /** {@link io.berth.registry.meta.Metadata#deleteImage}, but null where an image index lists the image. */
    private Optional<List<String>> deleteUnlessIndexed(String repo, String digest) {
        try {
            return ctx.meta().deleteImage(repo, digest);
        } catch (RegistryException e) {
            if (!Metadata.REFERENCED_BY_INDEX.equals(e.ecrName())) throw e;
            return null;
        }
    }

    private Object put(JsonNode in) {
        String repo = in.path("repositoryName").asText();
        ctx.repo(repo);
        byte[] manifest = in.path("imageManifest").asText().getBytes(StandardCharsets.UTF_8);
        String tag = in.path("imageTag").asText(null);
        String wantDigest = in.path("imageDigest").asText(null);
        Digest actual = Digest.of(manifest);
        if (wantDigest != null && !wantDigest.equals(actual.toString())) {
            throw new AwsException("ImageDigestDoesNotMatchException", "The digest " + wantDigest + " does not match the manifest's " + actual);
        }
        if (tag != null) {
            if (!Names.validTag(tag)) throw AwsException.invalidParameter("Invalid parameter at 'imageTag': '" + tag + "' is not a valid tag");
            var existing = ctx.meta().tag(repo, tag);
            if (existing.isPresent() && existing.get().value().digest().equals(actual.toString())) {
                throw new AwsException("ImageAlreadyExistsException", "Image with digest '" + actual + "' and tag '" + tag
                        + "' already exists in the repository with name '" + repo + "' in registry with id '" + ctx.account() + "'");
            }
        } else if (ctx.meta().image(repo, actual.toString()).isPresent()) {
            throw new AwsException("ImageAlreadyExistsException", "Image with digest '" + actual + "' already exists in the repository with name '" + repo + "'");
        }
        try {
            ctx.images().putManifest(repo, tag != null ? tag : actual.toString(), in.path("imageManifestMediaType").asText(null), manifest);
        } catch (RegistryException e) {
            throw e.toAws();
        }
        ImageRecord img = ctx.meta().image(repo, actual.toString()).map(Versioned::value).orElseThrow();
        ObjectNode image = Json.object();
        image.put("registryId", ctx.account());
        image.put("repositoryName", repo);
        ObjectNode id = image.putObject("imageId").put("imageDigest", actual.toString());
        if (tag != null) id.put("imageTag", tag);
        image.put("imageManifest", new String(manifest, StandardCharsets.UTF_8));
        image.put("imageManifestMediaType", img.mediaType());
        return Map.of("image", image);
    }

    /** Berth does not scan images, so no image has findings: ECR's answer for an image that was never scanned. */
    private Object scanFindings(JsonNode in) {
        String repo = in.path("repositoryName").asText();
        ctx.repo(repo);
        JsonNode id = in.path("imageId");
        if (resolve(repo, id).isEmpty()) {
            throw new AwsException("ImageNotFoundException",
                    "The image with imageId " + idText(id) + " does not exist within the repository with name '" + repo + "'");
        }
        throw new AwsException("ScanNotFoundException", "Image scan does not exist for the image with " + idText(id)
                + " in the repository with name '" + repo + "': Berth does not scan images, whatever the repository's scanOnPush says.");
    }

    /** Whether {@code id} names both a tag and a digest and the tag is on another image (why it did not resolve). */
    private boolean tagOnAnotherDigest(String repo, JsonNode id) {
        String digest = id.path("imageDigest").asText(null);
        String tag = id.path("imageTag").asText(null);
        if (digest == null || tag == null) return false;
        return ctx.meta().tag(repo, tag).map(t -> !digest.equals(t.value().digest())).orElse(false);
    }

    private Optional<ImageRecord> resolve(String repo, JsonNode id) {
        String digest = id.path("imageDigest").asText(null);
        String tag = id.path("imageTag").asText(null);
        if (digest == null && tag == null) throw AwsException.invalidParameter("an imageId needs imageDigest or imageTag");
        if (digest != null && !validDigest(digest)) throw AwsException.invalidParameter("Invalid parameter at 'imageDigest': " + digest);
        if (tag != null) {
            var t = ctx.meta().tag(repo, tag);
            if (t.isEmpty() || (digest != null && !digest.equals(t.get().value().digest()))) return Optional.empty();
            digest = t.get().value().digest();
        }
        return ctx.meta().image(repo, digest).map(Versioned::value);
    }

    private static boolean validDigest(String d) {
        try {
            Digest.parse(d);
            return true;
        } catch (RegistryException e) {
            return false;
        }
    }

    private static boolean matches(String status, List<String> tags) {
        boolean tagged = tags != null && !tags.isEmpty();
        return switch (status) {
            case "TAGGED" -> tagged;
            case "UNTAGGED" -> !tagged;
            default -> true;
        };
    }

    private static String idText(JsonNode id) {
        return "'" + Json.MAPPER.valueToTree(id).toString() + "'";
    }

    private static ObjectNode tagMismatch(JsonNode id) {
        return failure(id, "ImageTagDoesNotMatchDigest", "Invalid request parameters: given tag does not map to the given digest");
    }

    static ObjectNode failure(JsonNode id, String code, String reason) {
        ObjectNode f = Json.object();
        f.set("imageId", id);
        f.put("failureCode", code);
        f.put("failureReason", reason);
        return f;
    }
}
