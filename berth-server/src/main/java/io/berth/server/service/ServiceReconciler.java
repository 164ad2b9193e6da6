package io.berth.server.service;

import io.berth.model.ecs.ContainerInstance;
import io.berth.model.ecs.Deployment;
import io.berth.model.ecs.Service;
import io.berth.model.ecs.ServiceEvent;
import io.berth.model.ecs.Task;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The service scheduler's decision for one service, as a pure function of the service, its tasks,
 * the cluster's instances and the time: which tasks to launch (for which deployment, and for DAEMON
 * on which instance), which to stop and why, and the service's next deployments and events.
 * Nothing here reads a clock, a store or a thread; the {@link ServiceController} applies the plan.
 *
 * <p>Rolling updates follow ECS: tasks in RUNNING, PENDING or STOPPING count against
 * ⌊maximumPercent × desired⌋; healthy tasks (RUNNING, and HEALTHY when health checks are defined)
 * never go below ⌈minimumHealthyPercent × desired⌉ because of a stop this scheduler makes.
 */
public final class ServiceReconciler {

    /** Tunables; tests shorten them. */
    public record Settings(Duration backoffBase, Duration backoffMax, int maxLaunchesPerPass, int maxStopsPerPass) {
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(10), Duration.ofMinutes(5), 50, 50);
        }
    }

    /**
     * Everything the decision depends on. {@code tasks}: every task of the service's group, any
     * status. {@code lastCompleted}: the service's newest deployment that completed, from its
     * deployment history (it may have left {@code deployments} once its tasks drained); null if none.
     * {@code free}: the instances' free CPU and memory, for a binpack scale-in; null when no strategy binpacks.
     */
    public record Input(Service service, List<Task> tasks, List<ContainerInstance> instances, Predicate<String> protectedTask,
                        Instant now, Predicate<String> daemonEligible, Completed lastCompleted, ScaleInOrder.Free free) {
        /** Without placement constraints to honour: every ACTIVE instance may run a DAEMON task. */
        public Input(Service service, List<Task> tasks, List<ContainerInstance> instances, Predicate<String> protectedTask, Instant now) {
            this(service, tasks, instances, protectedTask, now, arn -> true, null, null);
        }
    }

    /** A deployment that reached COMPLETED: what a circuit-breaker rollback returns to. */
    public record Completed(String deploymentId, String taskDefinition) {}

    public record Launch(String deploymentId, String taskDefinition, String instanceArn) {}

    public record Stop(String taskArn, String reason) {}

    /** What to do; {@code service} is the service's next version (may equal the input). */
    public record Plan(List<Launch> launches, List<Stop> stops, Service service) {}

    private ServiceReconciler() {}

    public static Plan reconcile(Input in, Settings settings) {
        Service svc = in.service();
        Service.Builder next = svc.toBuilder();
        List<Launch> launches = new ArrayList<>();
        List<Stop> stops = new ArrayList<>();
        Set<String> stopping = new HashSet<>();
        Deployment primary = svc.primary().orElse(null);
        if (primary == null) return new Plan(launches, stops, svc);

        Set<String> activeInstances = new HashSet<>();
        for (ContainerInstance i : in.instances()) if ("ACTIVE".equals(i.status())) activeInstances.add(i.containerInstanceArn());

        // Unhealthy tasks are replaced whatever the percentages say: they do not count as healthy anyway.
        // Within healthCheckGracePeriodSeconds of a task's start, ECS ignores its failing health checks.
        for (Task t : in.tasks()) {
            if (ServiceTasks.unhealthy(t) && !inGracePeriod(svc, t, in.now()) && stops.size() < settings.maxStopsPerPass()) {
                stops.add(new Stop(t.taskArn(), ServiceTasks.HEALTH_FAILURE));
                stopping.add(t.taskArn());
            }
        }
        primary = circuitBreaker(in, next, primary, settings);
        if (svc.daemon()) {
            // a DAEMON service runs on every ACTIVE instance its placement constraints allow
            activeInstances.removeIf(arn -> !in.daemonEligible().test(arn));
            daemon(in, next, primary, activeInstances, launches, stops, stopping, settings);
        }
        else {
            replica(in, next, primary, activeInstances, launches, stops, stopping, settings);
        }
        settle(in, next, stopping, launches);
        return new Plan(launches, stops, next.build());
    }

    private static void replica(Input in, Service.Builder next, Deployment primary, Set<String> activeInstances,
                                List<Launch> launches, List<Stop> stops, Set<String> stopping, Settings settings) {
        Service svc = in.service();
        int desired = "ACTIVE".equals(svc.status()) ? svc.desiredCount() : 0;
        int maxTotal = (int) Math.floor(desired * svc.maximumPercent() / 100.0);
        int minHealthy = (int) Math.ceil(desired * svc.minimumHealthyPercent() / 100.0);
        Predicate<Task> displaced = t -> t.containerInstanceArn() == null || !activeInstances.contains(t.containerInstanceArn());

        List<Task> current = new ArrayList<>(); // the primary's live tasks on usable instances
        List<Task> old = new ArrayList<>();     // older deployments' live tasks, and tasks on draining instances
        for (Task t : in.tasks()) {
            if (!ServiceTasks.live(t) || stopping.contains(t.taskArn())) continue;
            if (primary.id().equals(t.startedBy()) && !displaced.test(t)) current.add(t);
            else old.add(t);
        }
        long occupying = in.tasks().stream().filter(ServiceTasks::occupying).count();
        int healthy = (int) in.tasks().stream().filter(t -> ServiceTasks.healthy(t) && !stopping.contains(t.taskArn())).count();

        // Scale in: the primary has more than desired; the service's placement strategies pick the tasks.
        int excess = current.size() - desired;
        ScaleInOrder scaleIn = new ScaleInOrder(svc, in.instances(), in.free(), in.protectedTask());
        while (excess > 0 && stops.size() < settings.maxStopsPerPass()) {
            Task t = scaleIn.next(current);
            if (t == null) break;
            stops.add(new Stop(t.taskArn(), "Service scaled in"));
            stopping.add(t.taskArn());
            current.remove(t);
            if (ServiceTasks.healthy(t)) healthy--;
            excess--;
        }

        // Old tasks go while the healthy floor allows; tasks that are not healthy can always go.
        int stopsBefore = stops.size();
        old.sort(Comparator.comparing((Task t) -> ServiceTasks.healthy(t)).thenComparing(Task::createdAt));
        for (Task t : old) {
            if (stops.size() >= settings.maxStopsPerPass()) break;
            if (in.protectedTask().test(t.taskArn())) continue;
            boolean isHealthy = ServiceTasks.healthy(t);
            if (isHealthy && healthy - 1 < minHealthy) continue;
            // a task on a draining instance keeps serving until a replacement is healthy, unless the floor allows
            stops.add(new Stop(t.taskArn(), displaced.test(t) && primary.id().equals(t.startedBy())
                    ? "Container instance is draining" : "Deployment replaced the task"));
            stopping.add(t.taskArn());
            if (isHealthy) healthy--;
        }

        // Launches for the primary, within the ceiling and the failure backoff.
        if ("FAILED".equals(primary.rolloutState()) || !"ACTIVE".equals(svc.status())) return;
        int want = desired - current.size();
        int room = (int) (maxTotal - occupying);
        int n = Math.min(Math.min(want, room), settings.maxLaunchesPerPass());
        if (want > 0 && room <= 0 && stops.size() == stopsBefore && deadlocked(in, old)) {
            noteOnce(in, next, "(service " + svc.serviceName() + ") was unable to stop or start tasks during a deployment because of the"
                    + " service deployment configuration. Update the minimumHealthyPercent or maximumPercent value and try again.");
        }
        if (n <= 0) return;
        if (LaunchThrottle.engaged(in, primary, settings)) {
            LaunchThrottle.note(in, next);
            return;
        }
        for (int i = 0; i < n; i++) launches.add(new Launch(primary.id(), primary.taskDefinition(), null));
    }

    /**
     * A rolling update that waiting cannot move: old tasks remain, none may stop (the healthy floor)
     * and none may start (the ceiling), while every live task is already healthy and none is
     * protected — e.g. minimumHealthyPercent 100 with maximumPercent 100.
     */
    private static boolean deadlocked(Input in, List<Task> old) {
        return !old.isEmpty() && old.stream().noneMatch(t -> in.protectedTask().test(t.taskArn()))
                && in.tasks().stream().filter(ServiceTasks::live).allMatch(ServiceTasks::healthy);
    }

    /** Adds {@code message} unless it is already the newest event. */
    static void noteOnce(Input in, Service.Builder next, String message) {
        if (!next.events.isEmpty() && next.events.get(0).message().equals(message)) return;
        next.event(event(in, message));
    }

    private static void daemon(Input in, Service.Builder next, Deployment primary, Set<String> activeInstances,
                               List<Launch> launches, List<Stop> stops, Set<String> stopping, Settings settings) {
        Service svc = in.service();
        boolean active = "ACTIVE".equals(svc.status());
        Map<String, List<Task>> byInstance = new java.util.HashMap<>();
        for (Task t : in.tasks()) {
            if (!ServiceTasks.occupying(t)) continue;
            String inst = t.containerInstanceArn() == null ? "" : t.containerInstanceArn();
            if (!active || !activeInstances.contains(inst)) {
                if (ServiceTasks.live(t) && !stopping.contains(t.taskArn()) && stops.size() < settings.maxStopsPerPass()) {
                    stops.add(new Stop(t.taskArn(), active ? "Container instance is draining" : "Service is being deleted"));
                    stopping.add(t.taskArn());
                }
                continue;
            }
            byInstance.computeIfAbsent(inst, k -> new ArrayList<>()).add(t);
        }
        if (!active) return;
        next.desiredCount = activeInstances.size();
        List<Deployment> deployments = new ArrayList<>(next.deployments);
        deployments.replaceAll(d -> d.primary() ? d.withDesired(activeInstances.size(), d.updatedAt()) : d);
        next.deployments = deployments;
        boolean failed = "FAILED".equals(primary.rolloutState());
        boolean backoff = LaunchThrottle.engaged(in, primary, settings);
        for (String inst : activeInstances.stream().sorted().toList()) {
            List<Task> here = byInstance.getOrDefault(inst, List.of());
            List<Task> mine = here.stream().filter(t -> primary.id().equals(t.startedBy()) && ServiceTasks.live(t)).toList();
            for (Task t : here) {
                if (!ServiceTasks.live(t) || stopping.contains(t.taskArn())) continue;
                boolean extra = mine.indexOf(t) > 0;
                boolean outdated = !primary.id().equals(t.startedBy()) && !failed;
                if ((extra || outdated) && stops.size() < settings.maxStopsPerPass() && !in.protectedTask().test(t.taskArn())) {
                    stops.add(new Stop(t.taskArn(), outdated ? "Deployment replaced the task" : "Service scaled in"));
                    stopping.add(t.taskArn());
                }
            }
            // DAEMON runs at most one task per instance (maximumPercent 100): launch only on an empty instance
            if (here.isEmpty() && !failed && launches.size() < settings.maxLaunchesPerPass()) {
                if (backoff) LaunchThrottle.note(in, next);
                else launches.add(new Launch(primary.id(), primary.taskDefinition(), inst));
            }
        }
    }

    static boolean inGracePeriod(Service svc, Task t, Instant now) {
        Integer grace = svc.healthCheckGracePeriodSeconds();
        if (grace == null || grace <= 0) return false;
        Instant started = t.startedAt() != null ? t.startedAt() : t.createdAt();
        return now.isBefore(started.plusSeconds(grace));
    }

    /** Trips the deployment circuit breaker when the primary's launch failures reach the threshold. */
    private static Deployment circuitBreaker(Input in, Service.Builder next, Deployment primary, Settings settings) {
        Service svc = in.service();
        if (!svc.circuitBreaker() || !"IN_PROGRESS".equals(primary.rolloutState())) return primary;
        int failures = consecutiveFailures(in, primary);
        if (failures < threshold(svc.daemon() ? Math.max(1, next.desiredCount) : svc.desiredCount())) return primary;
        Instant now = in.now();
        String reason = "ECS deployment circuit breaker: tasks failed to start.";
        Deployment failed = primary.withRollout("FAILED", reason, now);
        List<Deployment> deployments = new ArrayList<>(next.deployments);
        deployments.replaceAll(d -> d.id().equals(primary.id()) ? failed : d);
        next.event(event(in, "(service " + svc.serviceName() + ") (deployment " + primary.id() + ") deployment failed: tasks failed to start."));
        Completed target = rollbackTarget(in, deployments, primary);
        if (svc.rollback() && target != null) {
            Deployment rollback = Deployment.start(newDeploymentId(), target.taskDefinition(), svc.desiredCount(), failed.launchType(),
                    "ECS deployment circuit breaker: rolling back to deploymentId " + target.deploymentId() + ".", now);
            deployments.replaceAll(d -> d.id().equals(primary.id()) ? failed.withStatus("ACTIVE", now) : d);
            deployments.add(0, rollback);
            next.taskDefinition = target.taskDefinition();
            next.event(event(in, "(service " + svc.serviceName() + ") rolling back to deployment " + target.deploymentId() + "."));
            next.deployments = deployments;
            return rollback;
        }
        next.deployments = deployments;
        return failed;
    }

    /**
     * The last deployment that completed: one still listed (its tasks have not drained yet), else
     * the one the history remembers. None (a service whose first deployment fails), or one with the
     * failing deployment's own task definition (a rollback that failed too): no rollback, the
     * deployment just stays FAILED rather than rolling back to itself forever.
     */
    private static Completed rollbackTarget(Input in, List<Deployment> deployments, Deployment failing) {
        Completed c = in.lastCompleted();
        for (Deployment d : deployments) {
            if ("COMPLETED".equals(d.rolloutState()) && !d.id().equals(failing.id())) {
                c = new Completed(d.id(), d.taskDefinition());
                break;
            }
        }
        return c != null && !c.deploymentId().equals(failing.id()) && !c.taskDefinition().equals(failing.taskDefinition()) ? c : null;
    }

    /** ECS's failure threshold: half the desired count, at least 3 and at most 200. */
    static int threshold(int desired) {
        return Math.max(3, Math.min(200, (int) Math.ceil(desired * 0.5)));
    }

    /**
     * Circuit-breaker failures of the deployment's tasks (never reached RUNNING, or failed their
     * health checks) since the newest of its tasks that proved good (reached RUNNING and, with
     * health checks, HEALTHY).
     */
    static int consecutiveFailures(Input in, Deployment d) {
        Instant lastGood = Instant.EPOCH;
        for (Task t : in.tasks()) {
            if (d.id().equals(t.startedBy()) && ServiceTasks.succeeded(t) && t.createdAt().isAfter(lastGood)) {
                lastGood = t.createdAt();
            }
        }
        int n = 0;
        for (Task t : in.tasks()) {
            if (d.id().equals(t.startedBy()) && t.createdAt().isAfter(lastGood) && ServiceTasks.failedLaunch(t)) n++;
        }
        return n;
    }

    /** Retires drained deployments, completes the primary, and notes a steady state once. */
    private static void settle(Input in, Service.Builder next, Set<String> stopping, List<Launch> launches) {
        Service svc = in.service();
        Instant now = in.now();
        List<Deployment> deployments = new ArrayList<>(next.deployments);
        deployments.removeIf(d -> !d.primary() && in.tasks().stream().noneMatch(t -> d.id().equals(t.startedBy()) && ServiceTasks.occupying(t)));
        // an older deployment's desired count follows its tasks down as the rollout replaces them
        deployments.replaceAll(d -> {
            if (d.primary()) return d;
            int left = (int) in.tasks().stream().filter(t -> d.id().equals(t.startedBy()) && ServiceTasks.live(t) && !stopping.contains(t.taskArn())).count();
            return left < d.desiredCount() ? d.withDesired(left, now) : d;
        });
        Deployment primary = deployments.stream().filter(Deployment::primary).findFirst().orElse(null);
        if (primary == null) return;
        long healthyPrimary = in.tasks().stream().filter(t -> primary.id().equals(t.startedBy()) && ServiceTasks.healthy(t)
                && !stopping.contains(t.taskArn())).count();
        long others = in.tasks().stream().filter(t -> ServiceTasks.occupying(t) && !(primary.id().equals(t.startedBy()) && ServiceTasks.live(t))).count();
        int desired = next.desiredCount;
        boolean steady = "ACTIVE".equals(svc.status()) && deployments.size() == 1 && healthyPrimary == desired && others == 0
                && stopping.isEmpty() && launches.isEmpty()
                && in.tasks().stream().filter(t -> primary.id().equals(t.startedBy()) && ServiceTasks.live(t)).count() == desired;
        if (steady && "IN_PROGRESS".equals(primary.rolloutState())) {
            deployments.replaceAll(d -> d == primary ? d.withRollout("COMPLETED", "ECS deployment " + d.id() + " completed.", now) : d);
            next.event(event(in, "(service " + svc.serviceName() + ") (deployment " + primary.id() + ") deployment completed."));
        }
        next.deployments = deployments;
        boolean lastWasSteady = !next.events.isEmpty() && next.events.get(0).message().endsWith("has reached a steady state.");
        if (steady && !lastWasSteady) next.event(event(in, "(service " + svc.serviceName() + ") has reached a steady state."));
    }

    static ServiceEvent event(Input in, String message) {
        return new ServiceEvent(UUID.randomUUID().toString(), in.now(), message);
    }

    /** A deployment id as ECS writes them: ecs-svc/ and 19 digits. */
    public static String newDeploymentId() {
        long n = Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 1_000_000_000_000_000_000L);
        return String.format("ecs-svc/%019d", n);
    }
}
