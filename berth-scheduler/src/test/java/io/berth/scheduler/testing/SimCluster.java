package io.berth.scheduler.testing;

import io.berth.scheduler.Candidate;
import io.berth.scheduler.ClusterView;
import io.berth.scheduler.Placement;
import io.berth.scheduler.SpreadField;
import io.berth.scheduler.TaskDemand;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A cluster that commits placements the way the server's committer does, and keeps the spread
 * counts per attribute value up to date so large benchmarks do not rescan it.
 */
public final class SimCluster implements ClusterView {
    private final List<Host> hosts = new ArrayList<>();
    private final Map<String, Host> byArn = new HashMap<>();
    private record SpreadKey(SpreadField field, String group) {}

    private final Map<SpreadKey, Map<String, Integer>> spreadCounts = new HashMap<>(); // -> value -> tasks

    public Host add(Host h) {
        h.cluster = this;
        machines.clear();
        hosts.add(h);
        byArn.put(h.arn, h);
        return h;
    }

    public List<Host> hosts() {
        return hosts;
    }

    public Host host(String arn) {
        return byArn.get(arn);
    }

    @Override
    public List<? extends Candidate> candidates() {
        return hosts;
    }

    /** Commits every placed copy of a placement. */
    public void commit(Placement p, TaskDemand d, String group) {
        for (String arn : p.instances()) commit(byArn.get(arn), d, group);
    }

    public void commit(Host h, TaskDemand d, String group) {
        h.take(d, group);
        for (var e : spreadCounts.entrySet()) {
            if (e.getKey().group().equals(group)) e.getValue().merge(e.getKey().field().valueOf(h), 1, Integer::sum);
        }
    }

    /** Every pending task starts running, as agents would report. */
    public void startAll() {
        hosts.forEach(Host::start);
    }

    @Override
    public Map<String, Integer> groupCountsBy(SpreadField field, String group) {
        return spreadCounts.computeIfAbsent(new SpreadKey(field, group), k -> ClusterView.super.groupCountsBy(field, group));
    }

    boolean portFree(Host h, Candidate.Protocol p, int port, boolean hostNetwork) {
        // a host-mode task binds every address of the machine; a bridge task only its host's address
        for (Host other : machineMates(h)) {
            if (other.ports.contains(Host.key(p, port, true))) return false;
            if ((hostNetwork || other == h) && other.ports.contains(Host.key(p, port, false))) return false;
        }
        return true;
    }

    private final Map<String, List<Host>> machines = new HashMap<>();

    private List<Host> machineMates(Host h) {
        return machines.computeIfAbsent(h.machine, m -> hosts.stream().filter(x -> x.machine.equals(m)).toList());
    }
}
