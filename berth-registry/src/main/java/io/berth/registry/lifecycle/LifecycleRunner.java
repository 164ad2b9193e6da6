package io.berth.registry.lifecycle;

import io.berth.registry.RegistryException;
import io.berth.registry.meta.ImageRecord;
import io.berth.registry.meta.Metadata;
import io.berth.registry.meta.RepositoryRecord;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a repository's lifecycle policy: after each push and when a policy is put (ECR runs them
 * within a day; Berth at once, so tests and users see the effect). Images an index references are
 * never candidates: expiring them would break the index. Thread-safe; deletions are compare-and-set.
 */
public final class LifecycleRunner {
    private static final Logger log = LoggerFactory.getLogger(LifecycleRunner.class);

    private final Metadata meta;
    private final Clock clock;

    public LifecycleRunner(Metadata meta, Clock clock) {
        this.meta = meta;
        this.clock = clock;
    }

    /** What {@code policy} would expire in {@code repo} now. */
    public List<LifecycleEvaluator.Expiry> preview(String repo, LifecyclePolicy policy) {
        List<ImageRecord> images = meta.images(repo);
        Map<String, List<String>> tags = meta.tagsByDigest(repo);
        Set<String> referenced = new HashSet<>();
        images.forEach(i -> referenced.addAll(i.manifests()));
        List<LifecycleEvaluator.Candidate> candidates = new ArrayList<>();
        for (ImageRecord i : images) {
            if (referenced.contains(i.digest())) continue;
            candidates.add(new LifecycleEvaluator.Candidate(i.digest(), tags.getOrDefault(i.digest(), List.of()), i.pushedAt()));
        }
        return LifecycleEvaluator.evaluate(policy, candidates, clock.instant());
    }

    /** Applies the repository's policy, if it has one; returns how many images it expired. */
    public int run(String repo) {
        RepositoryRecord r = meta.repo(repo).map(v -> v.value()).orElse(null);
        if (r == null || r.lifecyclePolicyText() == null) return 0;
        LifecyclePolicy policy;
        try {
            policy = LifecyclePolicy.parse(r.lifecyclePolicyText());
        } catch (RuntimeException e) {
            log.warn("repository {} has an unusable lifecycle policy: {}", repo, e.getMessage());
            return 0;
        }
        int n = 0;
        for (LifecycleEvaluator.Expiry e : preview(repo, policy)) {
            try {
                if (meta.deleteImage(repo, e.image().digest()).isPresent()) n++;
            } catch (RegistryException indexed) {
                if (!Metadata.REFERENCED_BY_INDEX.equals(indexed.ecrName())) throw indexed;
                // an index pushed since the preview lists it: not expired, as if the preview had seen it
            }
        }
        if (n > 0) log.info("lifecycle policy of {} expired {} image(s)", repo, n);
        return n;
    }
}
