package io.berth.registry.manifest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.berth.registry.Digest;
import io.berth.registry.ErrorCode;
import io.berth.registry.RegistryException;
import io.berth.wire.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed image manifest or index: what it references, checked for shape. Built by {@link #parse},
 * which refuses anything that is not a schema 2 Docker or OCI manifest or index (MANIFEST_INVALID).
 *
 * @param blobs     the config and layers (image manifests)
 * @param manifests the manifests an index lists
 */
public record Manifest(String mediaType, String artifactMediaType, List<Descriptor> blobs, List<Descriptor> manifests,
                       String subject) {

    /** A content descriptor: what a manifest says about one blob or manifest. */
    public record Descriptor(String mediaType, Digest digest, long size) {}

    /** The sum of the referenced blobs' sizes: what ECR reports as the image size. */
    public long blobSize() {
        return blobs.stream().mapToLong(Descriptor::size).sum();
    }

    /**
     * Parses manifest bytes sent with {@code contentType} (which may be absent or generic, in which
     * case the body's own mediaType, or its shape, decides).
     */
    public static Manifest parse(byte[] body, String contentType) {
        JsonNode root;
        // docker's and containerd's parsers read UTF-8 only and stop at a byte order mark; Jackson would
        // quietly take UTF-16 or skip the mark, storing a manifest those clients cannot pull
        if (!startsAsUtf8Object(body)) throw invalid("manifest must be UTF-8 JSON starting with '{', without a byte order mark");
        try (JsonParser p = Json.MAPPER.createParser(body)) {
            root = Json.MAPPER.readTree(p);
            // other parsers (docker's, containerd's) refuse what follows the value, so it is not stored
            if (root != null && p.nextToken() != null) throw invalid("manifest has more after its JSON object");
        } catch (JsonProcessingException e) {
            throw invalid("manifest is not JSON: " + Json.problem(e));
        } catch (IOException e) {
            throw invalid("manifest could not be read");
        }
        if (root == null || !root.isObject()) throw invalid("manifest must be a JSON object");
        if (root.path("schemaVersion").asInt(-1) != 2) {
            throw new RegistryException(ErrorCode.MANIFEST_INVALID, 400, "InvalidParameterException",
                    "only schemaVersion 2 manifests are supported", null);
        }
        String declared = root.path("mediaType").asText(null);
        String type = mediaType(contentType);
        if (type == null) type = declared;
        if (type == null) type = root.has("manifests") ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST;
        if (!MediaTypes.ALL.contains(type)) {
            throw new RegistryException(ErrorCode.MANIFEST_INVALID, 400, "InvalidParameterException",
                    "unsupported manifest media type " + type, null);
        }
        if (declared != null && !declared.equals(type)) {
            throw invalid("manifest mediaType " + declared + " does not match Content-Type " + type);
        }
        String subject = root.has("subject") ? descriptor(root.get("subject"), "subject").digest().toString() : null;
        List<Descriptor> blobs = new ArrayList<>();
        List<Descriptor> manifests = new ArrayList<>();
        String artifact;
        if (MediaTypes.isIndex(type)) {
            if (!root.path("manifests").isArray()) throw invalid("an index needs a manifests array");
            for (JsonNode m : root.get("manifests")) manifests.add(descriptor(m, "manifests[]"));
            artifact = root.path("artifactType").asText(null);
        } else {
            if (!root.path("config").isObject()) throw invalid("an image manifest needs a config descriptor");
            Descriptor config = descriptor(root.get("config"), "config");
            blobs.add(config);
            if (!root.path("layers").isArray()) throw invalid("an image manifest needs a layers array");
            for (JsonNode l : root.get("layers")) blobs.add(descriptor(l, "layers[]"));
            artifact = root.path("artifactType").asText(config.mediaType());
        }
        try {
            blobs.stream().mapToLong(Descriptor::size).reduce(0, Math::addExact);
        } catch (ArithmeticException e) {
            throw invalid("the sizes of the config and layers add up to more than " + Long.MAX_VALUE);
        }
        return new Manifest(type, artifact, blobs, manifests, subject);
    }

    private static Descriptor descriptor(JsonNode d, String where) {
        if (!d.isObject()) throw invalid(where + " must be a descriptor object");
        String digest = d.path("digest").asText(null);
        if (digest == null) throw invalid(where + " has no digest");
        Digest parsed;
        try {
            parsed = Digest.parse(digest);
        } catch (RegistryException e) {
            throw invalid(where + ": " + e.getMessage());
        }
        JsonNode size = d.path("size");
        if (!size.isIntegralNumber() || !size.canConvertToLong() || size.asLong() < 0) {
            throw invalid(where + " needs a size that is a non-negative 64-bit integer");
        }
        return new Descriptor(d.path("mediaType").asText(null), parsed, size.asLong());
    }

    private static boolean startsAsUtf8Object(byte[] body) {
        int i = 0;
        while (i < body.length && (body[i] == ' ' || body[i] == '\t' || body[i] == '\n' || body[i] == '\r')) i++;
        if (i == body.length || body[i] != '{') return false;
        for (int j = i + 1; j < Math.min(body.length, i + 4); j++) {
            if (body[j] == 0) return false;
        }
        return true;
    }

    /** The media type of a Content-Type header, or null when absent or not a manifest type. */
    static String mediaType(String contentType) {
        if (contentType == null) return null;
        String t = contentType.split(";", 2)[0].strip();
        if (t.isEmpty() || t.equals("application/json") || t.equals("application/octet-stream")) return null;
        return t;
    }

    private static RegistryException invalid(String message) {
        return new RegistryException(ErrorCode.MANIFEST_INVALID, message);
    }
}
