package io.berth.scheduler.bench;

import io.berth.scheduler.Constraint;
import io.berth.scheduler.Placement;
import io.berth.scheduler.PlacementRequest;
import io.berth.scheduler.PlacementSpec;
import io.berth.scheduler.Placer;
import io.berth.scheduler.SpreadField;
import io.berth.scheduler.Strategy;
import io.berth.scheduler.TaskDemand;
import io.berth.scheduler.query.Query;
import io.berth.scheduler.testing.Host;
import io.berth.scheduler.testing.SimCluster;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The engine alone: 5,000 instances (four sizes, three Availability Zones, custom attributes),
 * 100,000 placements one after another, each committed before the next, with spread over zones,
 * binpack on memory and a memberOf expression. One invocation is the whole run over a fresh
 * cluster; JMH reports its time, and the tear-down prints placements/s overall and over the first
 * and last 10%.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class PlacementBenchmark {
    static final int PLACEMENTS = 100_000;

    @Param({"5000"})
    int instances;

    @Param({"64"})
    int sample;

    private SimCluster cluster;
    private Placer placer;
    private PlacementSpec spec;
    private TaskDemand[] shapes;
    private long firstTenthNanos, lastTenthNanos, totalNanos;
    private int placed;

    @Setup(Level.Invocation)
    public void cluster() {
        cluster = build(instances, new Random(7));
        placer = new Placer(sample);
        spec = new PlacementSpec(
                List.of(new Constraint.MemberOf(Query.parse("attribute:stack != canary and attribute:ecs.instance-type =~ (m5|c5)\\..*"))),
                List.of(new Strategy.Spread(new SpreadField("ecs.availability-zone")), new Strategy.Binpack(Strategy.Resource.MEMORY)));
        shapes = new TaskDemand[] {
                new TaskDemand(64, 128, 0, List.of(), List.of(), false),
                new TaskDemand(128, 256, 0, List.of(), List.of(), false),
                new TaskDemand(256, 192, 0, List.of(), List.of(), false),
        };
    }

    static SimCluster build(int n, Random rnd) {
        SimCluster c = new SimCluster();
        String[] azs = {"us-east-1a", "us-east-1b", "us-east-1c"};
        String[] types = {"m5.large", "m5.xlarge", "c5.2xlarge", "m5.4xlarge"};
        for (int i = 0; i < n; i++) {
            int size = rnd.nextInt(4);
            Host h = new Host(String.format("arn:aws:ecs:us-east-1:000000000000:container-instance/bench/%08x", i), "m" + i,
                    2048 << size, 4096 << size, 0)
                    .attr("ecs.availability-zone", azs[i % 3]).attr("ecs.instance-type", types[size])
                    .attr("stack", rnd.nextInt(10) == 0 ? "canary" : "prod").attr("team", "t" + rnd.nextInt(20));
            c.add(h);
        }
        return c;
    }

    @Benchmark
    public int place() {
        long start = System.nanoTime();
        long tenth = 0;
        long ninetieth = 0;
        placed = 0;
        for (int i = 0; i < PLACEMENTS; i++) {
            if (i == PLACEMENTS / 10) tenth = System.nanoTime();
            if (i == PLACEMENTS - PLACEMENTS / 10) ninetieth = System.nanoTime();
            TaskDemand d = shapes[i % shapes.length];
            Placement p = placer.place(cluster, new PlacementRequest(d, "service:web", spec, 1, i, false));
            if (p.instances().isEmpty()) throw new IllegalStateException("cluster full after " + i + ": " + p.failures().get(0));
            cluster.commit(cluster.host(p.instances().get(0)), d, "service:web");
            placed++;
        }
        long end = System.nanoTime();
        firstTenthNanos = tenth - start;
        lastTenthNanos = end - ninetieth;
        totalNanos = end - start;
        return placed;
    }

    @TearDown(Level.Invocation)
    public void report() {
        double tenth = PLACEMENTS / 10.0;
        System.out.printf("%n[berth] %d placements on %d instances (sample %d): %.0f/s overall, first 10%% %.0f/s, last 10%% %.0f/s, last/first %.2f%n",
                placed, instances, sample, placed / (totalNanos / 1e9), tenth / (firstTenthNanos / 1e9), tenth / (lastTenthNanos / 1e9),
                (double) firstTenthNanos / lastTenthNanos);
    }
}
