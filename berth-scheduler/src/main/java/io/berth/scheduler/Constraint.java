package io.berth.scheduler;

import io.berth.scheduler.query.Query;

/** A binding placement rule. */
public sealed interface Constraint {
    /** Each task of the group on a different instance: no instance takes a second one. */
    record DistinctInstance() implements Constraint {
        @Override
        public String toString() {
            return "distinctInstance";
        }
    }

    /** Only instances the expression selects. */
    record MemberOf(Query query) implements Constraint {
        @Override
        public String toString() {
            return "memberOf(" + query.text() + ")";
        }
    }
}
