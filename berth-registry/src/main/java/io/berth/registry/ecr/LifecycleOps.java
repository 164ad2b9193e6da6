package io.berth.registry.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.registry.lifecycle.LifecycleEvaluator;
import io.berth.registry.lifecycle.LifecyclePolicy;
import io.berth.registry.meta.Keys;
import io.berth.registry.meta.RepositoryRecord;
import io.berth.wire.AwsException;
import io.berth.wire.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Lifecycle policies: put (validated, then applied at once), get, delete, and previews. A preview
 * is computed when it is started and kept in the store until the next one, so Get answers COMPLETE.
 */
final class LifecycleOps implements EcrApi.Group {
    private final EcrContext ctx;

    LifecycleOps(EcrContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void register(Map<String, Function<JsonNode, Object>> ops) {
        ops.put("PutLifecyclePolicy", this::put);
        ops.put("GetLifecyclePolicy", this::get);
        ops.put("DeleteLifecyclePolicy", this::delete);
        ops.put("StartLifecyclePolicyPreview", this::startPreview);
        ops.put("GetLifecyclePolicyPreview", this::getPreview);
    }

    private Object put(JsonNode in) {
        String repo = in.path("repositoryName").asText();
        String text = in.path("lifecyclePolicyText").asText();
        LifecyclePolicy.parse(text);
        ctx.repo(repo);
        ctx.meta().updateRepo(repo, r -> r.withLifecyclePolicy(text, ctx.clock().instant()));
        ctx.lifecycle().run(repo);
        return Map.of("registryId", ctx.account(), "repositoryName", repo, "lifecyclePolicyText", text);
    }

    private Object get(JsonNode in) {
        String repo = in.path("repositoryName").asText();
        RepositoryRecord r = ctx.repo(repo);
        if (r.lifecyclePolicyText() == null) throw notFound(repo);
        ObjectNode out = Json.object().put("registryId", ctx.account()).put("repositoryName", repo)
                .put("lifecyclePolicyText", r.lifecyclePolicyText());
        if (r.lifecycleEvaluatedAt() != null) out.set("lastEvaluatedAt", Json.tree(r.lifecycleEvaluatedAt()));
        return out;
    }

    private Object delete(JsonNode in) {
        String repo = in.path("repositoryName").asText();
        RepositoryRecord r = ctx.repo(repo);
        if (r.lifecyclePolicyText() == null) throw notFound(repo);
        ctx.meta().updateRepo(repo, cur -> cur.withLifecyclePolicy(null, null));
        ObjectNode out = Json.object().put("registryId", ctx.account()).put("repositoryName", repo)
                .put("lifecyclePolicyText", r.lifecyclePolicyText());
        if (r.lifecycleEvaluatedAt() != null) out.set("lastEvaluatedAt", Json.tree(r.lifecycleEvaluatedAt()));
        return out;
    }

    private Object startPreview(JsonNode in) {
        String repo = in.path("repositoryName").asText();
        RepositoryRecord r = ctx.repo(repo);
        String text = in.has("lifecyclePolicyText") ? in.get("lifecyclePolicyText").asText() : r.lifecyclePolicyText();
        if (text == null) throw notFound(repo);
        List<LifecycleEvaluator.Expiry> expiring = ctx.lifecycle().preview(repo, LifecyclePolicy.parse(text));
        ObjectNode preview = Json.object().put("registryId", ctx.account()).put("repositoryName", repo)
                .put("lifecyclePolicyText", text).put("status", "COMPLETE");
        ArrayNode results = preview.putArray("previewResults");
        for (LifecycleEvaluator.Expiry e : expiring) {
            ObjectNode o = results.addObject();
            if (!e.image().tags().isEmpty()) o.set("imageTags", Json.tree(e.image().tags()));
            o.put("imageDigest", e.image().digest());
            o.set("imagePushedAt", Json.tree(e.image().pushedAt()));
            o.putObject("action").put("type", "EXPIRE");
            o.put("appliedRulePriority", e.rulePriority());
        }
        preview.putObject("summary").put("expiringImageTotalCount", expiring.size());
        ctx.meta().putRaw(Keys.preview(repo), Json.bytes(preview));
        return Map.of("registryId", ctx.account(), "repositoryName", repo, "lifecyclePolicyText", text, "status", "IN_PROGRESS");
    }

    private Object getPreview(JsonNode in) {
        Paging.refuseWithList(in, "imageIds");
        String repo = in.path("repositoryName").asText();
        ctx.repo(repo);
        var stored = ctx.meta().store().get(Keys.preview(repo)).orElseThrow(() -> new AwsException(
                "LifecyclePolicyPreviewNotFoundException", "There is no lifecycle policy preview for the repository with name '" + repo + "'"));
        ObjectNode preview = (ObjectNode) Json.read(stored.valueAsString().getBytes(StandardCharsets.UTF_8), JsonNode.class);
        String status = in.path("filter").path("tagStatus").asText("ANY");
        // keyed by position in the stored preview, which stays as it is until the next preview starts
        record Result(String key, JsonNode node) {}
        List<Result> results = new ArrayList<>();
        JsonNode all = preview.path("previewResults");
        for (int i = 0; i < all.size(); i++) {
            if (selected(all.get(i), status, in.get("imageIds"))) results.add(new Result(String.format("%08d", i), all.get(i)));
        }
        // a token names the preview it pages (its store revision): one from before a new preview started is refused
        Paging<Result> page = Paging.of(results, Result::key, "GetLifecyclePolicyPreview", repo + "@" + stored.modRevision(), in, 100);
        preview.set("previewResults", Json.tree(page.page().stream().map(Result::node).toList()));
        if (page.nextToken() != null) preview.put("nextToken", page.nextToken());
        return preview;
    }

    /** Whether a preview result passes the request's tagStatus filter and, if given, its imageIds. */
    private static boolean selected(JsonNode result, String tagStatus, JsonNode imageIds) {
        List<String> tags = EcrApi.strings(result.get("imageTags"));
        boolean statusOk = switch (tagStatus) {
            case "TAGGED" -> !tags.isEmpty();
            case "UNTAGGED" -> tags.isEmpty();
            default -> true;
        };
        if (!statusOk || imageIds == null) return statusOk;
        for (JsonNode id : imageIds) {
            boolean digestOk = !id.has("imageDigest") || id.get("imageDigest").asText().equals(result.path("imageDigest").asText());
            boolean tagOk = !id.has("imageTag") || tags.contains(id.get("imageTag").asText());
            if (digestOk && tagOk) return true;
        }
        return false;
    }

    private AwsException notFound(String repo) {
        return new AwsException("LifecyclePolicyNotFoundException", "Lifecycle policy does not exist for the repository with name '"
                + repo + "' in the registry with id '" + ctx.account() + "'");
    }
}
