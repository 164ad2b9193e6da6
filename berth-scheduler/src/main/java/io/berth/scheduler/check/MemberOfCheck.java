package io.berth.scheduler.check;

import io.berth.scheduler.Candidate;
import io.berth.scheduler.PlacementRequest;
import io.berth.scheduler.Tally;
import io.berth.scheduler.Veto;
import io.berth.scheduler.query.Query;
import java.util.Optional;

/** {@code memberOf}: the instance is one the expression selects, seeing this request's tasks for task:group. */
public final class MemberOfCheck implements Check {
    private final Query query;
    private final Optional<Veto> no;

    public MemberOfCheck(Query query) {
        this.query = query;
        this.no = Optional.of(new Veto(name(), "MemberOf", null));
    }

    @Override
    public String name() {
        return "memberOf(" + query.text() + ")";
    }

    @Override
    public Optional<Veto> check(Candidate c, PlacementRequest req, Tally tally) {
        if (query.test(c, tally.groups(c.arn()))) return Optional.empty();
        return no;
    }

    @Override
    public String detail(Candidate c, PlacementRequest req, Tally tally) {
        return "not selected by '" + query.text() + "'";
    }
}
