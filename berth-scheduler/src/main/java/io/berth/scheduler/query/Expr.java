package io.berth.scheduler.query;

import io.berth.scheduler.Candidate;
import java.util.Map;

/** A parsed cluster query expression. */
public sealed interface Expr permits Expr.And, Expr.Or, Expr.Not, Term {
    /**
     * Whether the instance is selected. {@code extraGroups} are the tasks per group that the
     * request being placed has already put on this instance (usually none).
     */
    boolean test(Candidate c, Map<String, Integer> extraGroups);

    record And(Expr left, Expr right) implements Expr {
        @Override
        public boolean test(Candidate c, Map<String, Integer> extraGroups) {
            return left.test(c, extraGroups) && right.test(c, extraGroups);
        }

        @Override
        public String toString() {
            return "(" + left + " and " + right + ")";
        }
    }

    record Or(Expr left, Expr right) implements Expr {
        @Override
        public boolean test(Candidate c, Map<String, Integer> extraGroups) {
            return left.test(c, extraGroups) || right.test(c, extraGroups);
        }

        @Override
        public String toString() {
            return "(" + left + " or " + right + ")";
        }
    }

    record Not(Expr inner) implements Expr {
        @Override
        public boolean test(Candidate c, Map<String, Integer> extraGroups) {
            return !inner.test(c, extraGroups);
        }

        @Override
        public String toString() {
            return "not " + inner;
        }
    }
}
