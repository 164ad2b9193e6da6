package io.berth.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.scheduler.query.Query;
import io.berth.scheduler.testing.Host;
import io.berth.scheduler.testing.SimCluster;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Seeded random clusters and requests, checked against an oracle written apart from the engine:
 * nothing is overcommitted, every constraint holds, the engine places whenever some instance is
 * feasible, and (sampling off) the chosen instance is the lexicographic minimum of the strategies'
 * scores, ties to the instance earlier in the view (here: the lowest ARN). A failing seed is printed
 * in the assertion description.
 */
class PlacementPropertiesTest {
    private static final String[] AZS = {"us-east-1a", "us-east-1b", "us-east-1c"};
    private static final String[] EXPRESSIONS = {
            "attribute:tier == gold", "attribute:tier in [gold, silver]", "attribute:tier !exists",
            "attribute:ecs.availability-zone != us-east-1c", "runningTasksCount < 4", "not(task:group == g1)",
            "task:group == g0 or attribute:tier == silver", "attribute:ecs.instance-type =~ m5\\..*",
    };
    private static final String[] GROUPS = {"g0", "g1", "g2"};

    private record Rules(PlacementSpec spec, List<Query> memberOf, boolean distinct) {}

    @Test
    void randomClustersAndRequestsAgainstTheOracle() {
        for (long seed = 0; seed < 300; seed++) {
            Random rnd = new Random(seed);
            SimCluster cluster = cluster(rnd, 3 + rnd.nextInt(30));
            int sample = rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(4) : 0;
            Placer placer = new Placer(sample);
            boolean sampled = sample > 0;
            Ledger ledger = new Ledger();
            for (int r = 0; r < 40; r++) {
                TaskDemand d = demand(rnd);
                String group = GROUPS[rnd.nextInt(GROUPS.length)];
                Rules rules = rules(rnd);
                String where = "seed " + seed + " request " + r + " " + rules.spec() + " " + d + " " + group;
                for (int copy = 0; copy < 1 + rnd.nextInt(3); copy++) {
                    List<Host> feasible = cluster.hosts().stream().filter(h -> feasible(cluster, h, d, group, rules)).toList();
                    Placement p = placer.place(cluster, new PlacementRequest(d, group, rules.spec(), 1, rnd.nextLong(), false));
                    if (feasible.isEmpty()) {
                        assertThat(p.instances()).as(where).isEmpty();
                        assertThat(p.failures()).as(where).isNotEmpty();
                        break;
                    }
                    assertThat(p.instances()).as(where + ": some instance is feasible").hasSize(1);
                    Host chosen = cluster.host(p.instances().get(0));
                    assertThat(feasible).as(where + ": chosen instance passes every check").contains(chosen);
                    if (!sampled) assertThat(best(cluster, feasible, d, group, rules.spec())).as(where + ": best by strategies").contains(chosen);
                    cluster.commit(chosen, d, group);
                    ledger.claim(chosen, d, where);
                    assertThat(chosen.cpuUsed()).as(where).isLessThanOrEqualTo(chosen.cpuTotal());
                    assertThat(chosen.memoryUsed()).as(where).isLessThanOrEqualTo(chosen.memoryTotal());
                    assertThat(chosen.gpuUsed()).as(where).isLessThanOrEqualTo(chosen.gpuTotal());
                }
                cluster.startAll();
            }
        }
    }

    @Test
    void manyCopiesInOneRequestMatchOneByOnePlacement() {
        for (long seed = 0; seed < 100; seed++) {
            Random rnd = new Random(seed);
            long clusterSeed = rnd.nextLong();
            TaskDemand d = demand(rnd);
            Rules rules = rules(rnd);
            if (rules.spec().strategies().stream().anyMatch(s -> s instanceof Strategy.Random)) continue;
            SimCluster batch = cluster(new Random(clusterSeed), 12);
            SimCluster single = cluster(new Random(clusterSeed), 12);
            Placement all = Placer.exhaustive().place(batch, new PlacementRequest(d, "g0", rules.spec(), 10, 1, false));
            List<String> one = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                Placement p = Placer.exhaustive().place(single, new PlacementRequest(d, "g0", rules.spec(), 1, 1, false));
                if (p.instances().isEmpty()) break;
                one.add(p.instances().get(0));
                single.commit(p, d, "g0");
            }
            assertThat(all.instances()).as("seed %d %s %s", seed, rules.spec(), d).isEqualTo(one);
        }
    }

    @Test
    void spreadKeepsValuesWithinOneWhereResourcesAllow() {
        for (long seed = 0; seed < 50; seed++) {
            Random rnd = new Random(seed);
            SimCluster cluster = new SimCluster();
            int n = 3 + rnd.nextInt(20);
            for (int i = 0; i < n; i++) {
                cluster.add(new Host(String.format("arn:ci/%03d", i), "m" + i, 100_000, 100_000, 0)
                        .attr("ecs.availability-zone", AZS[rnd.nextInt(AZS.length)]));
            }
            SpreadField field = rnd.nextBoolean() ? SpreadField.INSTANCE : new SpreadField("ecs.availability-zone");
            PlacementSpec spec = new PlacementSpec(List.of(), List.of(new Strategy.Spread(field),
                    new Strategy.Binpack(Strategy.Resource.MEMORY)));
            TaskDemand d = new TaskDemand(rnd.nextInt(100), 1 + rnd.nextInt(100), 0, List.of(), List.of(), false);
            for (int k = 0; k < 60; k++) {
                Placement p = Placer.exhaustive().place(cluster, new PlacementRequest(d, "web", spec, 1 + rnd.nextInt(5), seed, false));
                cluster.commit(p, d, "web");
                Map<String, Integer> per = new HashMap<>();
                for (Host h : cluster.hosts()) per.merge(field.valueOf(h), h.groupCount("web"), Integer::sum);
                int max = per.values().stream().max(Integer::compare).orElse(0);
                int min = per.values().stream().min(Integer::compare).orElse(0);
                assertThat(max - min).as("seed %d %s %s", seed, field, per).isLessThanOrEqualTo(1);
            }
        }
    }

    @Test
    void samplingNeverBreaksConstraints() {
        for (long seed = 0; seed < 30; seed++) {
            Random rnd = new Random(seed);
            SimCluster cluster = cluster(rnd, 200);
            Rules rules = new Rules(new PlacementSpec(List.of(new Constraint.DistinctInstance(),
                    new Constraint.MemberOf(Query.parse("attribute:tier == gold"))), PlacementSpec.SERVICE_DEFAULT),
                    List.of(Query.parse("attribute:tier == gold")), true);
            TaskDemand d = new TaskDemand(10, 10, 0, List.of(), List.of(), false);
            long gold = cluster.hosts().stream().filter(h -> "gold".equals(h.attribute("tier")) && feasible(cluster, h, d, "svc", rules)).count();
            Placement p = new Placer(4).place(cluster, new PlacementRequest(d, "svc", rules.spec(), (int) gold + 3, seed, false));
            assertThat(p.instances()).as("seed %d", seed).hasSize((int) gold).doesNotHaveDuplicates()
                    .allSatisfy(arn -> assertThat(cluster.host(arn).attribute("tier")).isEqualTo("gold"));
            assertThat(p.failures()).extracting(Placement.Failure::reason).contains("DistinctInstance");
        }
    }

    // ---- the oracle ----

    private static boolean feasible(SimCluster cluster, Host h, TaskDemand d, String group, Rules rules) {
        if (!"ACTIVE".equals(h.status()) || !h.agentConnected()) return false;
        if (h.cpuFree() < d.cpu() || h.memoryFree() < d.memory() || (d.gpu() > 0 && h.gpuFree() < d.gpu())) return false;
        for (int p : d.tcpPorts()) if (!h.portFree(Candidate.Protocol.TCP, p, d.hostNetwork())) return false;
        for (int p : d.udpPorts()) if (!h.portFree(Candidate.Protocol.UDP, p, d.hostNetwork())) return false;
        if (rules.distinct() && h.groupCount(group) > 0) return false;
        for (Query q : rules.memberOf()) if (!q.test(h)) return false;
        return true;
    }

    /** The instances the strategies allow: the single best one, or all that tie up to a random strategy. */
    private static List<Host> best(SimCluster cluster, List<Host> feasible, TaskDemand d, String group, PlacementSpec spec) {
        Comparator<Host> order = (a, b) -> 0;
        for (Strategy s : spec.strategies()) {
            if (s instanceof Strategy.Random) {
                Comparator<Host> prefix = order;
                Host min = feasible.stream().min(prefix).orElseThrow();
                return feasible.stream().filter(h -> prefix.compare(h, min) == 0).toList();
            }
            order = order.thenComparingLong(h -> score(cluster, h, d, group, s));
        }
        return List.of(feasible.stream().sorted(order.thenComparing(Host::arn)).toList().get(0));
    }

    private static long score(SimCluster cluster, Host h, TaskDemand d, String group, Strategy s) {
        return switch (s) {
            case Strategy.Binpack b -> b.field() == Strategy.Resource.CPU ? h.cpuFree() - d.cpu() : h.memoryFree() - d.memory();
            case Strategy.Spread sp -> sp.field().isInstance() ? h.groupCount(group)
                    : cluster.hosts().stream().filter(o -> sp.field().valueOf(o).equals(sp.field().valueOf(h))).mapToInt(o -> o.groupCount(group)).sum();
            case Strategy.Random r -> 0;
        };
    }

    /** Ports as an independent ledger: (machine or host, protocol, port) claimed at most once. */
    private static final class Ledger {
        private final Set<String> held = new HashSet<>();

        void claim(Host h, TaskDemand d, String where) {
            for (int p : d.tcpPorts()) claim(h, "tcp", p, d.hostNetwork(), where);
            for (int p : d.udpPorts()) claim(h, "udp", p, d.hostNetwork(), where);
        }

        private void claim(Host h, String proto, int port, boolean host, String where) {
            String own = h.arn() + "|" + proto + "|" + port;
            String machineAny = h.machine() + "|any|" + proto + "|" + port;
            String machineHost = h.machine() + "|host|" + proto + "|" + port;
            if (host) {
                assertThat(held).as(where + ": host port on a machine where it is bound").doesNotContain(machineAny);
                held.add(machineHost);
            } else {
                assertThat(held).as(where + ": port bound twice").doesNotContain(own, machineHost);
                held.add(own);
            }
            held.add(machineAny);
        }
    }

    // ---- generators ----

    static SimCluster cluster(Random rnd, int n) {
        SimCluster c = new SimCluster();
        String[] types = {"m5.large", "m5.xlarge", "c5.2xlarge", "t3.small"};
        for (int i = 0; i < n; i++) {
            int size = 1 << rnd.nextInt(4);
            Host h = new Host(String.format("arn:ci/%04d", i), "m" + (rnd.nextInt(3) == 0 ? i / 2 : i), 1024 * size, 2048 * size,
                    rnd.nextInt(5) == 0 ? 1 + rnd.nextInt(4) : 0)
                    .attr("ecs.availability-zone", AZS[rnd.nextInt(AZS.length)]).attr("ecs.instance-type", types[rnd.nextInt(types.length)]);
            int tier = rnd.nextInt(3);
            if (tier < 2) h.attr("tier", tier == 0 ? "gold" : "silver");
            if (rnd.nextInt(15) == 0) h.status("DRAINING");
            if (rnd.nextInt(15) == 0) h.connected(false);
            c.add(h);
        }
        return c;
    }

    static TaskDemand demand(Random rnd) {
        List<Integer> tcp = rnd.nextInt(4) == 0 ? List.of(8080 + rnd.nextInt(2)) : List.of();
        List<Integer> udp = rnd.nextInt(8) == 0 ? List.of(53) : List.of();
        return new TaskDemand(rnd.nextInt(4) * 256, 64 + rnd.nextInt(16) * 64, rnd.nextInt(6) == 0 ? 1 : 0, tcp, udp, rnd.nextInt(4) == 0);
    }

    static Rules rules(Random rnd) {
        List<Constraint> cs = new ArrayList<>();
        List<Query> qs = new ArrayList<>();
        boolean distinct = rnd.nextInt(4) == 0;
        if (distinct) cs.add(new Constraint.DistinctInstance());
        for (int i = rnd.nextInt(3); i > 0; i--) {
            Query q = Query.parse(EXPRESSIONS[rnd.nextInt(EXPRESSIONS.length)]);
            qs.add(q);
            cs.add(new Constraint.MemberOf(q));
        }
        List<Strategy> ss = new ArrayList<>();
        for (int i = rnd.nextInt(4); i > 0; i--) {
            ss.add(switch (rnd.nextInt(5)) {
                case 0 -> new Strategy.Binpack(Strategy.Resource.CPU);
                case 1 -> new Strategy.Binpack(Strategy.Resource.MEMORY);
                case 2 -> new Strategy.Spread(SpreadField.INSTANCE);
                case 3 -> new Strategy.Spread(new SpreadField("ecs.availability-zone"));
                default -> new Strategy.Random();
            });
        }
        return new Rules(new PlacementSpec(cs, ss), qs, distinct);
    }
}
