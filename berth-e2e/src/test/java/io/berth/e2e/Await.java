package io.berth.e2e;

import java.time.Duration;
import java.util.function.Supplier;

/** Wait for a condition with a deadline, instead of sleeping. */
final class Await {
    private Await() {}

    static <T> T until(String what, Duration timeout, Supplier<T> probe, java.util.function.Predicate<T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        while (System.nanoTime() < deadline) {
            last = probe.get();
            if (done.test(last)) return last;
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
        throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; last seen: " + last);
    }

    static void until(String what, Duration timeout, java.util.function.BooleanSupplier done) {
        until(what, timeout, () -> done.getAsBoolean(), b -> b);
    }
}
