package io.berth.scheduler.rank;

import io.berth.scheduler.Candidate;
import io.berth.scheduler.Strategy;
import io.berth.scheduler.Tally;
import io.berth.scheduler.TaskDemand;

/** {@code binpack}: the score is what would remain of the resource after placing the task. */
public final class BinpackRanker implements Ranker {
    private final Strategy.Resource field;
    private final TaskDemand demand;

    public BinpackRanker(Strategy.Resource field, TaskDemand demand) {
        this.field = field;
        this.demand = demand;
    }

    @Override
    public String name() {
        return field == Strategy.Resource.CPU ? "binpack(cpu)" : "binpack(memory)";
    }

    @Override
    public long score(Candidate c, Tally tally) {
        return field == Strategy.Resource.CPU
                ? c.cpuFree() - tally.cpu(c.arn()) - demand.cpu()
                : c.memoryFree() - tally.memory(c.arn()) - demand.memory();
    }
}
