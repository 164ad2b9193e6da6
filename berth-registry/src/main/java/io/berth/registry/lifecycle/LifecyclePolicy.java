package io.berth.registry.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.wire.AwsException;
import io.berth.wire.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An ECR lifecycle policy: rules in priority order, each selecting images by tag status and tag
 * prefixes or patterns and expiring those beyond a count or older than a number of days. Parsed
 * and checked by {@link #parse}; bad policies are InvalidParameterException with the reason.
 */
public record LifecyclePolicy(List<Rule> rules) {
    /** ECR allows at most four wildcards in one tag pattern. */
    static final int MAX_WILDCARDS = 4;

    public enum TagStatus { TAGGED, UNTAGGED, ANY }

    public enum CountType { IMAGE_COUNT_MORE_THAN, SINCE_IMAGE_PUSHED }

    /** One rule. {@code tagPrefixes} and {@code tagPatterns} apply to TAGGED only; at most one is set. */
    public record Rule(int priority, TagStatus tagStatus, List<String> tagPrefixes, List<String> tagPatterns,
                       CountType countType, int countNumber) {}

    public static LifecyclePolicy parse(String text) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            var at = e.getLocation();
            throw invalid("the lifecycle policy is not valid JSON" + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")")
                    + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw invalid("the lifecycle policy is not valid JSON");
        }
        if (root == null || !root.path("rules").isArray() || root.path("rules").isEmpty()) {
            throw invalid("the lifecycle policy needs a non-empty 'rules' array");
        }
        List<Rule> rules = new ArrayList<>();
        Set<Integer> priorities = new HashSet<>();
        int untaggedRules = 0;
        for (JsonNode r : root.get("rules")) {
            int priority = r.path("rulePriority").asInt(0);
            if (priority < 1) throw invalid("rulePriority must be a positive integer");
            if (!priorities.add(priority)) throw invalid("rulePriority " + priority + " is used by more than one rule");
            JsonNode sel = r.path("selection");
            TagStatus status = switch (sel.path("tagStatus").asText("")) {
                case "tagged" -> TagStatus.TAGGED;
                case "untagged" -> TagStatus.UNTAGGED;
                case "any" -> TagStatus.ANY;
                default -> throw invalid("rule " + priority + ": tagStatus must be tagged, untagged or any");
            };
            List<String> prefixes = strings(sel.path("tagPrefixList"));
            List<String> patterns = strings(sel.path("tagPatternList"));
            if (status == TagStatus.TAGGED && prefixes.isEmpty() && patterns.isEmpty()) {
                throw invalid("rule " + priority + ": a tagged rule needs tagPrefixList or tagPatternList");
            }
            if (status != TagStatus.TAGGED && (!prefixes.isEmpty() || !patterns.isEmpty())) {
                throw invalid("rule " + priority + ": tagPrefixList and tagPatternList are only for tagStatus tagged");
            }
            if (!prefixes.isEmpty() && !patterns.isEmpty()) {
                throw invalid("rule " + priority + ": use tagPrefixList or tagPatternList, not both");
            }
            for (String p : patterns) {
                if (p.chars().filter(ch -> ch == '*').count() > MAX_WILDCARDS) {
                    throw invalid("rule " + priority + ": tag pattern '" + p + "' has more than " + MAX_WILDCARDS + " wildcards");
                }
            }
            if (status == TagStatus.UNTAGGED && ++untaggedRules > 1) {
                throw invalid("only one rule may select untagged images");
            }
            CountType type = switch (sel.path("countType").asText("")) {
                case "imageCountMoreThan" -> CountType.IMAGE_COUNT_MORE_THAN;
                case "sinceImagePushed" -> CountType.SINCE_IMAGE_PUSHED;
                default -> throw invalid("rule " + priority + ": countType must be imageCountMoreThan or sinceImagePushed");
            };
            if (type == CountType.SINCE_IMAGE_PUSHED && !"days".equals(sel.path("countUnit").asText(""))) {
                throw invalid("rule " + priority + ": sinceImagePushed needs countUnit days");
            }
            if (type == CountType.IMAGE_COUNT_MORE_THAN && sel.has("countUnit")) {
                throw invalid("rule " + priority + ": imageCountMoreThan takes no countUnit");
            }
            int count = sel.path("countNumber").asInt(0);
            if (count < 1) throw invalid("rule " + priority + ": countNumber must be at least 1");
            String action = r.path("action").path("type").asText("");
            if (!action.equals("expire")) throw invalid("rule " + priority + ": action type must be expire");
            rules.add(new Rule(priority, status, prefixes, patterns, type, count));
        }
        boolean anyBeforeLast = false;
        rules.sort(Comparator.comparingInt(Rule::priority));
        for (int i = 0; i < rules.size() - 1; i++) anyBeforeLast |= rules.get(i).tagStatus() == TagStatus.ANY;
        if (anyBeforeLast) throw invalid("a rule with tagStatus any must have the highest rulePriority");
        return new LifecyclePolicy(List.copyOf(rules));
    }

    private static List<String> strings(JsonNode arr) {
        List<String> out = new ArrayList<>();
        if (arr.isArray()) arr.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static AwsException invalid(String message) {
        return new AwsException("InvalidParameterException", "Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint: '" + message + "'");
    }
}
