package io.berth.server.service;

import io.berth.model.Arns;
import io.berth.model.TaskStatus;
import io.berth.model.ecs.ContainerInstance;
import io.berth.model.ecs.Service;
import io.berth.model.ecs.Task;
import io.berth.model.ecs.TaskDefinition;
import io.berth.model.ecs.TaskProtection;
import io.berth.scheduler.Placement;
import io.berth.scheduler.TaskDemand;
import io.berth.server.ecs.EcsContext;
import io.berth.server.ecs.TaskFactory;
import io.berth.server.state.Keys;
import io.berth.server.state.State;
import io.berth.server.state.Tx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every service at its desired state. A pass for one service runs as one command on the
 * committer: it reads the service, its tasks and the instances, asks the pure
 * {@link ServiceReconciler} for a plan, and applies it (stops, placements, events) in the same
 * command, so a plan never acts on a stale view. Passes run when something a service depends on
 * changed (its tasks, itself, its cluster's instances) and on a periodic tick for time-based steps
 * such as launch backoff.
 */
public final class ServiceController implements Consumer<List<Tx.Change>>, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServiceController.class);

    private final EcsContext ctx;
    private final ServiceReconciler.Settings settings;
    private final Duration tick;
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    private final Semaphore wake = new Semaphore(0);
    private final Thread thread;
    private volatile boolean running = true;

    public ServiceController(EcsContext ctx, ServiceReconciler.Settings settings, Duration tick) {
        this.ctx = ctx;
        this.settings = settings;
        this.tick = tick;
        this.thread = Thread.ofVirtual().name("service-controller").start(this::loop);
    }

    /** Marks the services a durable batch touched; runs on the committer thread, so it only records. */
    @Override
    public void accept(List<Tx.Change> changes) {
        boolean any = false;
        for (Tx.Change c : changes) {
            Object v = c.after() != null ? c.after() : c.before();
            if (v instanceof Task t && t.group() != null && t.group().startsWith("service:")) {
                any |= dirty.add(Keys.service(Arns.clusterName(t.clusterArn()), t.group().substring("service:".length())));
            } else if (v instanceof Service s) {
                any |= dirty.add(c.key());
            } else if (v instanceof ContainerInstance i) {
                for (Service s : ctx.state().range(Keys.servicesOf(Arns.clusterName(i.clusterArn())), Service.class)) {
                    any |= dirty.add(Keys.service(Arns.clusterName(s.clusterArn()), s.serviceName()));
                }
            }
        }
        if (any) wake.release();
    }

    private void loop() {
        long nextTick = System.nanoTime();
        while (running) {
            try {
                long waitNanos = Math.max(0, nextTick - System.nanoTime());
                wake.tryAcquire(waitNanos, TimeUnit.NANOSECONDS);
                wake.drainPermits();
            } catch (InterruptedException e) {
                return;
            }
            List<String> keys = new ArrayList<>();
            if (System.nanoTime() >= nextTick) {
                for (Service s : ctx.state().range(Keys.SERVICES, Service.class)) {
                    if (!"INACTIVE".equals(s.status())) keys.add(Keys.service(Arns.clusterName(s.clusterArn()), s.serviceName()));
                }
                nextTick = System.nanoTime() + tick.toNanos();
            }
            for (String k : List.copyOf(dirty)) {
                dirty.remove(k);
                if (!keys.contains(k)) keys.add(k);
            }
            List<CompletableFuture<Object>> passes = new ArrayList<>();
            for (String key : keys) passes.add(ctx.committer().submit(tx -> pass(tx, key)));
            for (CompletableFuture<Object> f : passes) {
                try {
                    f.join();
                } catch (RuntimeException e) {
                    log.warn("service pass failed: {}", e.getMessage());
                }
            }
        }
    }

    /** One reconcile-and-apply for the service under {@code key}; runs on the committer. */
    private Object pass(Tx tx, String key) {
        State st = tx.state();
        Service svc = st.get(key, Service.class).orElse(null);
        if (svc == null || "INACTIVE".equals(svc.status())) return null;
        String cluster = Arns.clusterName(svc.clusterArn());
        List<Task> tasks = new ArrayList<>();
        for (Task t : st.range(Keys.tasksOf(cluster), Task.class)) if (svc.group().equals(t.group())) tasks.add(t);
        List<ContainerInstance> instances = st.instancesOf(cluster);
        Instant now = ctx.clock().instant();
        var input = new ServiceReconciler.Input(svc, tasks, instances, arn -> protectedAt(st, cluster, arn, now), now,
                svc.daemon() ? ServicePlacement.allowedBy(st, svc, instances, ctx.agentConnected()) : arn -> true,
                svc.rollback() ? DeploymentHistory.lastCompleted(st, svc) : null,
                svc.daemon() ? null : ServicePlacement.freeForScaleIn(st, cluster, svc, ctx.agentConnected()));
        ServiceReconciler.Plan plan = ServiceReconciler.reconcile(input, settings);
        Service.Builder next = plan.service().toBuilder();

        List<String> stopped = new ArrayList<>();
        for (ServiceReconciler.Stop s : plan.stops()) {
            Task t = st.taskByArn(s.taskArn()).orElse(null);
            if (t == null || t.desired() == TaskStatus.STOPPED) continue;
            tx.put(Keys.task(cluster, Arns.lastSegment(t.taskArn())), ServiceTasks.schedulerStop(t, s.reason(), now));
            stopped.add(Arns.lastSegment(t.taskArn()));
        }
        List<String> started = new ArrayList<>();
        List<String> placementFailures = new ArrayList<>();
        for (ServiceReconciler.Launch l : plan.launches()) {
            TaskDefinition def = st.taskDefinitionByArn(l.taskDefinition()).orElse(null);
            if (def == null) break;
            TaskDemand demand = TaskDemand.of(def, null);
            Placement p = ServicePlacement.place(st, cluster, svc, def, demand, l.instanceArn(), ctx.agentConnected());
            if (p.instances().isEmpty()) {
                String failure = PlacementMessages.unableToPlace(svc.serviceName(), p.failures());
                if (!placementFailures.contains(failure)) placementFailures.add(failure);
                // a REPLICA launch that fails here fails for the rest too; a DAEMON launch is for one instance only
                if (l.instanceArn() == null) break;
                continue;
            }
            ContainerInstance inst = st.instanceByArn(p.instances().get(0)).orElseThrow();
            Task t = TaskFactory.create(ctx.arns(), cluster, svc.clusterArn(), def, null, inst, demand, svc.group(), l.deploymentId(),
                    "SERVICE".equals(svc.propagateTags()) ? svc.tags() : List.of(), svc.enableExecuteCommand(), now);
            tx.put(Keys.task(cluster, Arns.lastSegment(t.taskArn())), t);
            started.add(Arns.lastSegment(t.taskArn()));
        }
        if (!stopped.isEmpty()) {
            next.event(ServiceReconciler.event(input, "(service " + svc.serviceName() + ") has stopped " + stopped.size()
                    + " running tasks: " + tasksList(stopped) + "."));
        }
        if (!started.isEmpty()) {
            next.event(ServiceReconciler.event(input, "(service " + svc.serviceName() + ") has started " + started.size()
                    + " tasks: " + tasksList(started) + "."));
        }
        for (String failure : placementFailures) {
            if (!PlacementMessages.repeated(next.events, failure)) next.event(ServiceReconciler.event(input, failure));
        }
        if ("DRAINING".equals(svc.status()) && tasks.stream().noneMatch(ServiceTasks::occupying) && stopped.isEmpty()) {
            next.status = "INACTIVE";
        }
        Service result = next.build();
        if (!result.equals(svc)) {
            tx.put(key, result);
            DeploymentHistory.sync(tx, svc, result, now);
        }
        return null;
    }

    private static boolean protectedAt(State st, String cluster, String taskArn, Instant now) {
        return st.get(Keys.protection(cluster, Arns.lastSegment(taskArn)), TaskProtection.class).map(p -> p.activeAt(now)).orElse(false);
    }

    private static String tasksList(List<String> ids) {
        StringBuilder b = new StringBuilder();
        for (String id : ids) b.append(b.isEmpty() ? "" : " ").append("(task ").append(id).append(")");
        return b.toString();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
