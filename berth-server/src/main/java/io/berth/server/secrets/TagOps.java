package io.berth.server.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.server.ecs.Ops;
import io.berth.server.state.Keys;
import io.berth.wire.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** TagResource and UntagResource on secrets (tags also come with CreateSecret and show in DescribeSecret). */
final class TagOps implements Ops {
    private static final int MAX_TAGS = 50;
    private final SecretsContext ctx;

    TagOps(SecretsContext ctx) {
        this.ctx = ctx;
    }

    /** Tags from a request; a key given twice keeps its last value. */
    static List<SecretTag> parse(JsonNode array) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (JsonNode t : array) {
            String key = t.path("Key").asText("");
            if (key.isEmpty()) throw SecretErrors.invalidParameter("Every tag needs a Key of 1 to 128 characters.");
            if (key.regionMatches(true, 0, "aws:", 0, 4)) throw SecretErrors.invalidParameter("Tag keys starting with aws: are reserved for AWS use.");
            tags.put(key, t.path("Value").asText(""));
        }
        return limited(tags);
    }

    @Override
    public void register(Map<String, Op> ops) {
        ops.put("TagResource", (in, r) -> {
            List<SecretTag> add = parse(in.path("Tags"));
            change(in.get("SecretId").asText(), tags -> add.forEach(t -> tags.put(t.key(), t.value())));
            return Json.object();
        });
        ops.put("UntagResource", (in, r) -> {
            List<String> keys = SecretRequests.strings(in.path("TagKeys"));
            change(in.get("SecretId").asText(), tags -> keys.forEach(tags::remove));
            return Json.object();
        });
    }

    private void change(String secretId, Consumer<Map<String, String>> edit) {
        ctx.committer().write(tx -> {
            Secret s = SecretIds.requireLive(tx.state(), ctx.arns(), secretId);
            Map<String, String> tags = new LinkedHashMap<>();
            s.tags().forEach(t -> tags.put(t.key(), t.value()));
            edit.accept(tags);
            tx.put(Keys.secret(s.name()), s.withTags(limited(tags), ctx.clock().instant()));
            return null;
        });
    }

    private static List<SecretTag> limited(Map<String, String> tags) {
        if (tags.size() > MAX_TAGS) throw SecretErrors.invalidParameter("A secret can have at most " + MAX_TAGS + " tags.");
        List<SecretTag> out = new ArrayList<>();
        tags.forEach((k, v) -> out.add(new SecretTag(k, v)));
        return out;
    }
}
