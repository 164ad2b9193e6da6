package io.berth.store.sqlite;

/** Waiting for our own threads to finish during close, which must not be cut short. */
final class Joins {
    private Joins() {}

    static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }
}
