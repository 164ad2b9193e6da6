package io.berth.server.service;

import io.berth.model.ecs.Deployment;
import io.berth.model.ecs.Service;
import io.berth.model.ecs.Task;
import java.time.Instant;
import java.util.Comparator;

/**
 * ECS's service throttle logic: when a deployment's tasks keep failing to reach RUNNING (PENDING
 * straight to STOPPED), the time before the next launch grows exponentially, and the service says
 * "(service name) is unable to consistently start tasks successfully." Tasks that stop after they
 * reached RUNNING (a command that exits at once, failed health checks) do not engage it, as the
 * developer guide's service-throttle-logic page states; the circuit breaker deals with those. It is
 * per deployment, so a new task definition starts unthrottled. Pure.
 */
final class LaunchThrottle {
    static final String MESSAGE = " is unable to consistently start tasks successfully.";

    private LaunchThrottle() {}

    /** Tasks of the deployment that failed to start since the newest of its tasks that reached RUNNING. */
    static int failuresInARow(ServiceReconciler.Input in, Deployment d) {
        Instant lastStarted = Instant.EPOCH;
        for (Task t : in.tasks()) {
            if (d.id().equals(t.startedBy()) && t.startedAt() != null && t.createdAt().isAfter(lastStarted)) lastStarted = t.createdAt();
        }
        int n = 0;
        for (Task t : in.tasks()) {
            if (d.id().equals(t.startedBy()) && t.createdAt().isAfter(lastStarted) && ServiceTasks.failedToStart(t)) n++;
        }
        return n;
    }

    /** Whether launches for the deployment wait now. */
    static boolean engaged(ServiceReconciler.Input in, Deployment d, ServiceReconciler.Settings settings) {
        int k = failuresInARow(in, d);
        if (k == 0) return false;
        Instant lastStop = in.tasks().stream().filter(t -> d.id().equals(t.startedBy()) && ServiceTasks.failedToStart(t) && t.stoppedAt() != null)
                .map(Task::stoppedAt).max(Comparator.naturalOrder()).orElse(Instant.EPOCH);
        long delay = Math.min(settings.backoffMax().toMillis(), settings.backoffBase().toMillis() << Math.min(20, k - 1));
        return in.now().isBefore(lastStop.plusMillis(delay));
    }

    /** Adds the throttle event unless it is already the newest one (each retry that fails again says it again). */
    static void note(ServiceReconciler.Input in, Service.Builder next) {
        ServiceReconciler.noteOnce(in, next, "(service " + in.service().serviceName() + ")" + MESSAGE);
    }
}
