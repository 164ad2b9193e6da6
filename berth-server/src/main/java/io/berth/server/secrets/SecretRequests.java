package io.berth.server.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.wire.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Small readers for request members the model already type-checked, and the common reply shape. */
final class SecretRequests {
    private SecretRequests() {}

    static String text(JsonNode in, String member) {
        return in.hasNonNull(member) ? in.get(member).asText() : null;
    }

    /**
     * The version id a write creates: the request's {@code ClientRequestToken} (SDKs and the CLI
     * always send one), or a fresh UUID for a raw request without it.
     */
    static String token(JsonNode in) {
        String t = text(in, "ClientRequestToken");
        return t != null ? t : UUID.randomUUID().toString();
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    /** {@code {ARN, Name}} plus {@code VersionId} and {@code VersionStages} when given. */
    static ObjectNode reply(String arn, String name, String versionId, List<String> stages) {
        ObjectNode o = Json.object();
        if (arn != null) o.put("ARN", arn);
        if (name != null) o.put("Name", name);
        if (versionId != null) o.put("VersionId", versionId);
        if (stages != null) o.set("VersionStages", Json.tree(stages));
        return o;
    }
}
