package io.berth.scheduler;

import io.berth.scheduler.check.AgentCheck;
import io.berth.scheduler.check.Check;
import io.berth.scheduler.check.CpuCheck;
import io.berth.scheduler.check.DistinctInstanceCheck;
import io.berth.scheduler.check.GpuCheck;
import io.berth.scheduler.check.MemberOfCheck;
import io.berth.scheduler.check.MemoryCheck;
import io.berth.scheduler.check.PortsCheck;
import io.berth.scheduler.check.StatusCheck;
import io.berth.scheduler.rank.BinpackRanker;
import io.berth.scheduler.rank.RandomRanker;
import io.berth.scheduler.rank.Ranker;
import io.berth.scheduler.rank.SpreadRanker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The placement pipeline. For each copy: every check in order (status, agent, CPU, memory, GPU,
 * ports, then the constraints), then the strategies' scores over the instances that passed, lowest
 * first, ties to the instance earlier in the view (the server lists instances in key order); the
 * winner is counted in the request's {@link Tally} before the next copy.
 *
 * <pre>
 *   view ──► [sample?] ──► checks ──Veto──► failures / explain
 *                            │ pass
 *                            ▼
 *                   rankers (in order) ──► min(scores…, view order) ──► tally ──► next copy
 * </pre>
 *
 * <p>Pure: reads the view, returns a {@link Placement}; the caller commits it. With a sample
 * limit, each copy visits instances in a seeded pseudo-random order and scores the first
 * {@code sample} that pass every check (Nomad's limit iterator): constraints stay exact, only the
 * strategies' choice becomes best-of-sample. Without one, every instance is scored.
 *
 * <p>When {@code random} is the only strategy there is nothing to compare, and the walk's first
 * feasible instances are not a uniform pick (an instance after a run of infeasible ones in walk
 * order is found more often). So a sampled copy instead draws instances uniformly, with
 * replacement, until one passes every check: the accepted draw is uniform over the feasible
 * instances and costs about one check per copy on a cluster with room. After {@code sample}
 * rejected draws (few instances fit), it scores every instance instead, which is as uniform.
 */
public final class Placer {
    /** Feasible instances scored per copy on large clusters. */
    public static final int DEFAULT_SAMPLE = 64;
    private final int sample;

    /** @param sample feasible instances to score per copy; 0 scores all of them */
    public Placer(int sample) {
        if (sample < 0) throw new IllegalArgumentException("sample must not be negative");
        this.sample = sample;
    }

    public static Placer exhaustive() {
        return new Placer(0);
    }

    public Placement place(ClusterView view, PlacementRequest req) {
        List<? extends Candidate> candidates = view.candidates();
        if (candidates.isEmpty() && req.count() > 0) {
            Explanation none = req.explain() ? new Explanation(names(List.of()), List.of(), Map.of(), 0, 0, 0, null) : null;
            return new Placement(List.of(), List.of(new Placement.Failure(null, Placement.NO_INSTANCES, null)), none);
        }
        List<Check> checks = checks(req.spec());
        List<Ranker> rankers = rankers(req, view);
        boolean draw = sample > 0 && sample < candidates.size() && !req.explain() && randomOnly(rankers);
        Tally tally = new Tally();
        SplittableRandom random = new SplittableRandom(req.seed());
        List<String> placed = new ArrayList<>();
        List<Placement.Failure> failures = new ArrayList<>();
        Explanation explanation = null;
        for (int copy = 0; copy < req.count(); copy++) {
            Pass pass = new Pass(candidates, checks, rankers, req, tally, req.explain() && copy == 0);
            Candidate best = draw ? pass.draw(random) : null;
            if (best == null) best = pass.run(random, !draw);
            if (pass.explanation != null) explanation = pass.explanation;
            if (best == null) {
                pass.recordVetoes();
                for (int i = 0; i < pass.vetoed.size(); i++) {
                    Veto v = pass.detailed(i);
                    failures.add(new Placement.Failure(pass.vetoed.get(i).arn(), v.reason(), v.detail()));
                }
                break;
            }
            tally.add(best, req.demand(), req.group());
            for (Ranker r : rankers) r.placed(best);
            placed.add(best.arn());
        }
        return new Placement(placed, failures, explanation);
    }

    static List<Check> checks(PlacementSpec spec) {
        List<Check> out = new ArrayList<>(List.of(new StatusCheck(), new AgentCheck(), new CpuCheck(), new MemoryCheck(),
                new GpuCheck(), new PortsCheck()));
        for (Constraint c : spec.constraints()) {
            out.add(switch (c) {
                case Constraint.DistinctInstance d -> new DistinctInstanceCheck();
                case Constraint.MemberOf m -> new MemberOfCheck(m.query());
            });
        }
        return out;
    }

    static List<Ranker> rankers(PlacementRequest req, ClusterView view) {
        List<Ranker> out = new ArrayList<>();
        for (Strategy s : req.spec().strategies()) {
            out.add(switch (s) {
                case Strategy.Binpack b -> new BinpackRanker(b.field(), req.demand());
                case Strategy.Spread sp -> new SpreadRanker(sp.field(), req.group(), view);
                case Strategy.Random r -> new RandomRanker(req.seed());
            });
        }
        return out;
    }

    private static boolean randomOnly(List<Ranker> rankers) {
        if (rankers.isEmpty()) return false;
        for (Ranker r : rankers) if (!(r instanceof RandomRanker)) return false;
        return true;
    }

    private static List<String> names(List<Ranker> rankers) {
        return rankers.stream().map(Ranker::name).toList();
    }

    /** One copy's walk over the instances. */
    private final class Pass {
        final List<? extends Candidate> candidates;
        final List<Check> checks;
        final List<Ranker> rankers;
        final PlacementRequest req;
        final Tally tally;
        final List<Candidate> vetoed = new ArrayList<>();
        final List<Veto> vetoes = new ArrayList<>();
        final List<Check> vetoedBy = new ArrayList<>();
        final List<Explanation.Verdict> verdicts;
        Explanation explanation;

        Pass(List<? extends Candidate> candidates, List<Check> checks, List<Ranker> rankers, PlacementRequest req, Tally tally, boolean explain) {
            this.candidates = candidates;
            this.checks = checks;
            this.rankers = rankers;
            this.req = req;
            this.tally = tally;
            this.verdicts = explain ? new ArrayList<>() : null;
        }

        /** Up to {@code sample} uniform draws with replacement; the first that passes every check, else null. */
        Candidate draw(SplittableRandom random) {
            int n = candidates.size();
            for (int i = 0; i < sample; i++) {
                Candidate c = candidates.get(random.nextInt(n));
                if (!veto(c)) return c;
            }
            return null;
        }

        /** @param maySample whether a large cluster's walk may stop after {@code sample} feasible instances */
        Candidate run(SplittableRandom random, boolean maySample) {
            int n = candidates.size();
            boolean sampled = maySample && sample > 0 && sample < n;
            int start = sampled ? random.nextInt(n) : 0;
            int step = sampled ? coprimeStep(n, random) : 1;
            int k = rankers.size();
            long[] score = new long[k];
            long[] bestScore = new long[k];
            Candidate best = null;
            int bestAt = -1;
            int feasible = 0;
            int scanned = 0;
            for (int i = 0, at = start; i < n; i++, at = (int) ((at + (long) step) % n)) {
                Candidate c = candidates.get(at);
                scanned++;
                if (veto(c)) {
                    if (verdicts != null) verdicts.add(new Explanation.Verdict(c.arn(), detailed(vetoed.size() - 1), List.of(), false));
                    continue;
                }
                feasible++;
                for (int r = 0; r < k; r++) score[r] = rankers.get(r).score(c, tally);
                if (verdicts != null) verdicts.add(new Explanation.Verdict(c.arn(), null, box(score), false));
                if (best == null || better(score, at, bestScore, bestAt)) {
                    long[] t = bestScore;
                    bestScore = score;
                    score = t;
                    best = c;
                    bestAt = at;
                }
                if (sampled && feasible >= sample) break;
            }
            if (verdicts != null) explain(best, scanned, feasible);
            return best;
        }

        /**
         * Runs the checks in order; on the first veto returns true, and records it when explaining.
         * The hot path records nothing: a pass that places nothing has seen every instance, and
         * {@link #recordVetoes} walks them again to say why.
         */
        private boolean veto(Candidate c) {
            for (int i = 0, n = checks.size(); i < n; i++) {
                Check check = checks.get(i);
                Optional<Veto> v = check.check(c, req, tally);
                if (v.isPresent()) {
                    if (verdicts != null) record(c, v.get(), check);
                    return true;
                }
            }
            return false;
        }

        private void record(Candidate c, Veto v, Check check) {
            vetoed.add(c);
            vetoes.add(v);
            vetoedBy.add(check);
        }

        /** After a pass that placed nothing: every instance's veto, in view order. */
        void recordVetoes() {
            vetoed.clear();
            vetoes.clear();
            vetoedBy.clear();
            for (Candidate c : candidates) {
                for (Check check : checks) {
                    Optional<Veto> v = check.check(c, req, tally);
                    if (v.isPresent()) {
                        record(c, v.get(), check);
                        break;
                    }
                }
            }
        }

        /** The i-th veto with its detail, built now that someone reads it. */
        Veto detailed(int i) {
            Veto v = vetoes.get(i);
            return new Veto(v.rule(), v.reason(), vetoedBy.get(i).detail(vetoed.get(i), req, tally));
        }

        private void explain(Candidate best, int scanned, int feasible) {
            Map<String, Integer> rejected = new LinkedHashMap<>();
            for (Veto v : vetoes) rejected.merge(v.reason(), 1, Integer::sum); // recorded in explain mode
            String chosen = best == null ? null : best.arn();
            List<Explanation.Verdict> marked = verdicts.stream()
                    .map(v -> v.arn().equals(chosen) ? new Explanation.Verdict(v.arn(), null, v.scores(), true) : v).toList();
            explanation = new Explanation(names(rankers), marked, rejected, candidates.size(), scanned, feasible, chosen);
        }
    }

    /** Lower scores in strategy order; equal scores go to the instance earlier in the view. */
    private static boolean better(long[] score, int at, long[] bestScore, int bestAt) {
        for (int r = 0; r < score.length; r++) {
            if (score[r] != bestScore[r]) return score[r] < bestScore[r];
        }
        return at < bestAt;
    }

    private static List<Long> box(long[] score) {
        List<Long> out = new ArrayList<>(score.length);
        for (long s : score) out.add(s);
        return out;
    }

    /** A step in [1, n) sharing no factor with n, so stepping visits every index once. */
    private static int coprimeStep(int n, SplittableRandom random) {
        if (n <= 2) return 1;
        while (true) {
            int s = 1 + random.nextInt(n - 1);
            if (gcd(s, n) == 1) return s;
        }
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
