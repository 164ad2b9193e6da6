package io.berth.registry.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.registry.meta.RepositoryRecord;
import io.berth.wire.AwsException;
import io.berth.wire.Json;
import io.berth.wire.api.TagRules;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Repository policies, resource tags, tag mutability and scanning settings. */
final class PolicyOps implements EcrApi.Group {
    private static final String ARN_PREFIX = "repository/";

    private final EcrContext ctx;

    PolicyOps(EcrContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void register(Map<String, Function<JsonNode, Object>> ops) {
        ops.put("SetRepositoryPolicy", this::setPolicy);
        ops.put("GetRepositoryPolicy", this::getPolicy);
        ops.put("DeleteRepositoryPolicy", this::deletePolicy);
        ops.put("TagResource", this::tag);
        ops.put("UntagResource", this::untag);
        ops.put("ListTagsForResource", this::listTags);
        ops.put("PutImageTagMutability", this::mutability);
        ops.put("PutImageScanningConfiguration", this::scanning);
    }

    private Object setPolicy(JsonNode in) {
        String repo = in.path("repositoryName").asText();
        String text = in.path("policyText").asText();
        String problem;
        try {
            problem = policyProblem(Json.MAPPER.readTree(text));
        } catch (IOException e) {
            problem = "the text is not a JSON document";
        }
        if (problem != null) {
            throw AwsException.invalidParameter("Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid repository policy provided': "
                    + problem + ".");
        }
        ctx.repo(repo);
        ctx.meta().updateRepo(repo, r -> r.withPolicy(text));
        return policyView(repo, text);
    }

    /**
     * What makes {@code doc} no IAM resource policy, or null: a Version, if given, that IAM knows,
     * and statements each with an Effect of Allow or Deny, a Principal (or NotPrincipal) and an
     * Action (or NotAction) of strings.
     */
    private static String policyProblem(JsonNode doc) {
        if (doc == null || !doc.isObject()) return "the policy is not a JSON object";
        JsonNode version = doc.get("Version");
        if (version != null && !List.of("2012-10-17", "2008-10-17").contains(version.asText())) {
            return "Version must be 2012-10-17 or 2008-10-17";
        }
        JsonNode statements = doc.get("Statement");
        if (statements == null || statements.isObject() && statements.isEmpty() || statements.isArray() && statements.isEmpty()) {
            return "the policy needs a Statement";
        }
        List<JsonNode> all = new ArrayList<>();
        if (statements.isArray()) statements.forEach(all::add); else all.add(statements);
        for (int i = 0; i < all.size(); i++) {
            JsonNode st = all.get(i);
            String which = "Statement " + (i + 1);
            if (!st.isObject()) return which + " is not an object";
            String effect = st.path("Effect").asText("");
            if (!effect.equals("Allow") && !effect.equals("Deny")) return which + " has Effect '" + effect + "'; it must be Allow or Deny";
            if (st.has("Principal") == st.has("NotPrincipal")) return which + " needs a Principal or a NotPrincipal, not both";
            if (st.has("Action") == st.has("NotAction")) return which + " needs an Action or a NotAction, not both";
            JsonNode action = st.has("Action") ? st.get("Action") : st.get("NotAction");
            boolean strings = action.isTextual() && !action.asText().isEmpty()
                    || action.isArray() && !action.isEmpty() && java.util.stream.StreamSupport.stream(action.spliterator(), false).allMatch(JsonNode::isTextual);
            if (!strings) return which + " has an Action that is not a string or a list of strings";
        }
        return null;
    }

    private Object getPolicy(JsonNode in) {
        String repo = in.path("repositoryName").asText();
        String text = ctx.repo(repo).policyText();
        if (text == null) throw notFound(repo);
        return policyView(repo, text);
    }

    private Object deletePolicy(JsonNode in) {
        String repo = in.path("repositoryName").asText();
        String text = ctx.repo(repo).policyText();
        if (text == null) throw notFound(repo);
        ctx.meta().updateRepo(repo, r -> r.withPolicy(null));
        return policyView(repo, text);
    }

    private AwsException notFound(String repo) {
        return new AwsException("RepositoryPolicyNotFoundException", "Repository policy does not exist for the repository with name '"
                + repo + "' in the registry with id '" + ctx.account() + "'");
    }

    private Map<String, Object> policyView(String repo, String text) {
        return Map.of("registryId", ctx.account(), "repositoryName", repo, "policyText", text);
    }

    private Object tag(JsonNode in) {
        String repo = repoOfArn(in.path("resourceArn").asText());
        List<RepositoryRecord.Tag> add = tags(in.path("tags"));
        ctx.meta().updateRepo(repo, r -> r.withTags(merged(r.tags(), add)));
        return Map.of();
    }

    private Object untag(JsonNode in) {
        String repo = repoOfArn(in.path("resourceArn").asText());
        List<String> keys = EcrApi.strings(in.get("tagKeys"));
        ctx.meta().updateRepo(repo, r -> r.withTags(r.tags().stream().filter(t -> !keys.contains(t.Key())).toList()));
        return Map.of();
    }

    private Object listTags(JsonNode in) {
        return Map.of("tags", ctx.repo(repoOfArn(in.path("resourceArn").asText())).tags());
    }

    private Object mutability(JsonNode in) {
        String repo = in.path("repositoryName").asText();
        ctx.repo(repo);
        String m = in.path("imageTagMutability").asText();
        JsonNode filters = exclusionFilters(m, in.get("imageTagMutabilityExclusionFilters"));
        RepositoryRecord r = ctx.meta().updateRepo(repo, cur -> cur.withMutability(m, filters));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("registryId", ctx.account());
        out.put("repositoryName", repo);
        out.put("imageTagMutability", r.imageTagMutability());
        if (r.imageTagMutabilityExclusionFilters() != null) out.put("imageTagMutabilityExclusionFilters", r.imageTagMutabilityExclusionFilters());
        return out;
    }

    private Object scanning(JsonNode in) {
        String repo = in.path("repositoryName").asText();
        ctx.repo(repo);
        JsonNode cfg = in.get("imageScanningConfiguration");
        ctx.meta().updateRepo(repo, r -> r.withScanning(cfg));
        return Map.of("registryId", ctx.account(), "repositoryName", repo, "imageScanningConfiguration", cfg);
    }

    /**
     * The exclusion filters a mutability setting keeps: required by the *_WITH_EXCLUSION settings,
     * dropped by the others (whose behaviour they do not change).
     */
    static JsonNode exclusionFilters(String mutability, JsonNode filters) {
        if (!mutability.endsWith("_WITH_EXCLUSION")) return null;
        if (filters == null || filters.isEmpty()) throw AwsException.invalidParameter(mutability + " needs imageTagMutabilityExclusionFilters");
        return filters;
    }

    /** The repository an ECR repository ARN of this account and region names. */
    private String repoOfArn(String arn) {
        String prefix = "arn:aws:ecr:" + ctx.region() + ":" + ctx.account() + ":" + ARN_PREFIX;
        if (!arn.startsWith(prefix)) {
            throw AwsException.invalidParameter("Invalid parameter at 'resourceArn': '" + arn + "' is not a repository ARN of this registry");
        }
        String name = arn.substring(prefix.length());
        ctx.repo(name);
        return name;
    }

    /** The tags of a request, checked (InvalidTagParameterException) and with a key given twice keeping its last value. */
    static List<RepositoryRecord.Tag> tags(JsonNode arr) {
        List<RepositoryRecord.Tag> out = new ArrayList<>();
        if (arr != null && arr.isArray()) {
            for (JsonNode t : arr) {
                String key = t.path("Key").asText("");
                String value = t.path("Value").asText("");
                String problem = TagRules.problem(key, value);
                if (problem != null) throw new AwsException("InvalidTagParameterException", problem + " Got key '" + key + "'.");
                out.add(new RepositoryRecord.Tag(key, value));
            }
        }
        return merged(List.of(), out);
    }

    /** {@code tags} with {@code added} set over them (TooManyTagsException past the limit). */
    static List<RepositoryRecord.Tag> merged(List<RepositoryRecord.Tag> tags, List<RepositoryRecord.Tag> added) {
        Map<String, String> m = new LinkedHashMap<>();
        tags.forEach(t -> m.put(t.Key(), t.Value()));
        added.forEach(t -> m.put(t.Key(), t.Value()));
        String tooMany = TagRules.tooMany(m.size());
        if (tooMany != null) throw new AwsException("TooManyTagsException", tooMany);
        return m.entrySet().stream().map(e -> new RepositoryRecord.Tag(e.getKey(), e.getValue())).toList();
    }
}
