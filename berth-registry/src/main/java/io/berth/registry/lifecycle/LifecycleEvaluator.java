package io.berth.registry.lifecycle;

import io.berth.registry.meta.Wildcard;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies a lifecycle policy to a repository's images, purely. Rules run in priority order; an
 * image that a rule's selection matches belongs to that rule, which either keeps or expires it,
 * and lower-priority rules never see it (ECR's rule that an image matched by one rule cannot be
 * expired by a lower-priority one). With several prefixes or patterns, an image needs a tag for
 * each, as in ECR. Within a rule, imageCountMoreThan keeps the newest
 * {@code countNumber} images; sinceImagePushed expires those pushed more than that many days ago.
 */
public final class LifecycleEvaluator {
    private LifecycleEvaluator() {}

    /** An image as the policy sees it. */
    public record Candidate(String digest, List<String> tags, Instant pushedAt) {}

    /** An image the policy expires, and the rule that did it. */
    public record Expiry(Candidate image, int rulePriority) {}

    public static List<Expiry> evaluate(LifecyclePolicy policy, List<Candidate> images, Instant now) {
        Set<String> claimed = new HashSet<>();
        List<Expiry> out = new ArrayList<>();
        for (LifecyclePolicy.Rule rule : policy.rules()) {
            List<Candidate> matched = new ArrayList<>();
            for (Candidate c : images) {
                if (!claimed.contains(c.digest()) && selects(rule, c)) matched.add(c);
            }
            matched.forEach(c -> claimed.add(c.digest()));
            matched.sort(Comparator.comparing(Candidate::pushedAt).reversed().thenComparing(Candidate::digest));
            switch (rule.countType()) {
                case IMAGE_COUNT_MORE_THAN -> {
                    for (int i = rule.countNumber(); i < matched.size(); i++) out.add(new Expiry(matched.get(i), rule.priority()));
                }
                case SINCE_IMAGE_PUSHED -> {
                    Instant cutoff = now.minus(Duration.ofDays(rule.countNumber()));
                    for (Candidate c : matched) if (c.pushedAt().isBefore(cutoff)) out.add(new Expiry(c, rule.priority()));
                }
            }
        }
        return out;
    }

    static boolean selects(LifecyclePolicy.Rule rule, Candidate c) {
        return switch (rule.tagStatus()) {
            case ANY -> true;
            case UNTAGGED -> c.tags().isEmpty();
            case TAGGED -> !c.tags().isEmpty()
                    && rule.tagPrefixes().stream().allMatch(p -> c.tags().stream().anyMatch(t -> t.startsWith(p)))
                    && rule.tagPatterns().stream().allMatch(p -> c.tags().stream().anyMatch(t -> Wildcard.matches(p, t)));
        };
    }
}
