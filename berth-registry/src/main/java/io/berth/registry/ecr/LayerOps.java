package io.berth.registry.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.registry.Digest;
import io.berth.registry.RegistryException;
import io.berth.registry.blob.Uploads;
import io.berth.registry.http.RegistryHandler;
import io.berth.wire.AwsException;
import io.berth.wire.Json;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The ECR API's layer upload (Initiate, UploadLayerPart, Complete), availability and download URLs. */
final class LayerOps implements EcrApi.Group {
    /** What InitiateLayerUpload recommends; parts may be any size up to the request body limit. */
    static final long PART_SIZE = 5L * 1024 * 1024;

    private final EcrContext ctx;

    LayerOps(EcrContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void register(Map<String, Function<JsonNode, Object>> ops) {
        ops.put("BatchCheckLayerAvailability", this::check);
        ops.put("InitiateLayerUpload", this::initiate);
        ops.put("UploadLayerPart", this::part);
        ops.put("CompleteLayerUpload", this::complete);
        ops.put("GetDownloadUrlForLayer", this::downloadUrl);
    }

    private Object check(JsonNode in) {
        String repo = in.path("repositoryName").asText();
        ctx.repo(repo);
        ObjectNode out = Json.object();
        ArrayNode layers = out.putArray("layers");
        ArrayNode failures = out.putArray("failures");
        for (String d : EcrApi.strings(in.get("layerDigests"))) {
            Digest digest;
            try {
                digest = Digest.parse(d);
            } catch (RegistryException e) {
                failures.add(Json.object().put("layerDigest", d).put("failureCode", "InvalidLayerDigest").put("failureReason", e.getMessage()));
                continue;
            }
            ObjectNode l = layers.addObject().put("layerDigest", d);
            var link = ctx.meta().link(repo, d);
            var size = ctx.images().blobs().size(digest);
            if (link.isPresent() && size.isPresent()) {
                l.put("layerAvailability", "AVAILABLE").put("layerSize", size.getAsLong());
            } else {
                l.put("layerAvailability", "UNAVAILABLE");
            }
        }
        return out;
    }

    private Object initiate(JsonNode in) {
        String repo = in.path("repositoryName").asText();
        ctx.repo(repo);
        Uploads.Status s = ctx.uploads().start(repo);
        return Map.of("uploadId", s.id(), "partSize", PART_SIZE);
    }

    private Object part(JsonNode in) {
        String repo = in.path("repositoryName").asText();
        ctx.repo(repo);
        String id = in.path("uploadId").asText();
        long first = in.path("partFirstByte").asLong();
        long last = in.path("partLastByte").asLong();
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(in.path("layerPartBlob").asText());
        } catch (IllegalArgumentException e) {
            throw AwsException.invalidParameter("layerPartBlob is not valid base64");
        }
        if (last < first || last - first + 1 != blob.length) {
            throw invalidPart(repo, id, "partFirstByte " + first + " and partLastByte " + last + " do not describe a part of " + blob.length + " bytes");
        }
        try {
            Uploads.Status s = ctx.uploads().append(repo, id, new ByteArrayInputStream(blob), first, (long) blob.length);
            return Map.of("registryId", ctx.account(), "repositoryName", repo, "uploadId", id, "lastByteReceived", s.offset() - 1);
        } catch (RegistryException e) {
            if (e.code() == io.berth.registry.ErrorCode.BLOB_UPLOAD_UNKNOWN) {
                throw uploadNotFound(id);
            }
            throw invalidPart(repo, id, e.getMessage());
        }
    }

    /** ECR's InvalidLayerPartException, with the members that tell a client where its upload stands. */
    private AwsException invalidPart(String repo, String id, String message) {
        AwsException e = new AwsException("InvalidLayerPartException", message)
                .with("registryId", ctx.account()).with("repositoryName", repo).with("uploadId", id);
        try {
            return e.with("lastValidByteReceived", ctx.uploads().status(repo, id).offset() - 1);
        } catch (RegistryException unknown) {
            return e;
        }
    }

    private static AwsException uploadNotFound(String id) {
        return new AwsException("UploadNotFoundException", "The upload with id '" + id + "' was not found");
    }

    private Object complete(JsonNode in) {
        String repo = in.path("repositoryName").asText();
        ctx.repo(repo);
        String id = in.path("uploadId").asText();
        List<String> digests = EcrApi.strings(in.get("layerDigests"));
        if (digests.size() != 1) throw AwsException.invalidParameter("Berth takes exactly one layerDigest per upload");
        Digest d = digest(digests.get(0), "layerDigests");
        if (ctx.meta().link(repo, d.toString()).isPresent()) {
            try {
                ctx.uploads().cancel(repo, id);
            } catch (RegistryException ignored) {
                // unknown upload: the layer exists either way
            }
            throw new AwsException("LayerAlreadyExistsException", "The layer " + d + " already exists in the repository " + repo);
        }
        try {
            if (ctx.uploads().status(repo, id).offset() == 0) {
                throw new AwsException("EmptyUploadException", "The upload with id '" + id + "' contains no layer parts; send them with UploadLayerPart first.");
            }
            long size = ctx.uploads().finish(repo, id, d);
            ctx.images().link(repo, d, size);
        } catch (RegistryException e) {
            switch (e.code()) {
                case BLOB_UPLOAD_UNKNOWN -> throw uploadNotFound(id);
                case DIGEST_INVALID -> throw new AwsException("InvalidLayerException", e.getMessage());
                default -> throw e.toAws();
            }
        }
        return Map.of("registryId", ctx.account(), "repositoryName", repo, "uploadId", id, "layerDigest", d.toString());
    }

    private Object downloadUrl(JsonNode in) {
        String repo = in.path("repositoryName").asText();
        ctx.repo(repo);
        Digest d = digest(in.path("layerDigest").asText(), "layerDigest");
        try {
            ctx.images().requireBlob(repo, d);
        } catch (RegistryException e) {
            throw new AwsException("LayersNotFoundException", "The layer " + d + " does not exist in the repository " + repo);
        }
        String url = "http://" + ctx.registryHost() + "/v2/" + repo + "/blobs/" + d + "?" + RegistryHandler.TOKEN_PARAM + "="
                + ctx.tokens().issue().token();
        return Map.of("downloadUrl", url, "layerDigest", d.toString());
    }

    /** A digest the model's pattern let through that Berth cannot take (not lowercase sha256) is a bad parameter. */
    private static Digest digest(String text, String member) {
        try {
            return Digest.parse(text);
        } catch (RegistryException e) {
            throw AwsException.invalidParameter("Invalid parameter at '" + member + "': " + e.getMessage());
        }
    }
}
