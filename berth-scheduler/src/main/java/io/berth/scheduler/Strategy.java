package io.berth.scheduler;

/** A best-effort ordering of the instances that passed every check. Applied in list order. */
public sealed interface Strategy {
    /** Least remaining CPU or memory first, so fewer instances are used. */
    record Binpack(Resource field) implements Strategy {
        @Override
        public String toString() {
            return "binpack(" + field.name().toLowerCase(java.util.Locale.ROOT) + ")";
        }
    }

    /** Fewest tasks of the same group per value of the field first. */
    record Spread(SpreadField field) implements Strategy {
        @Override
        public String toString() {
            return "spread(" + field + ")";
        }
    }

    /** A seeded random order. */
    record Random() implements Strategy {
        @Override
        public String toString() {
            return "random";
        }
    }

    enum Resource { CPU, MEMORY }
}
