package io.berth.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.model.TaskStatus;
import io.berth.model.ecs.Attribute;
import io.berth.model.ecs.Container;
import io.berth.model.ecs.ContainerInstance;
import io.berth.model.ecs.Deployment;
import io.berth.model.ecs.Resource;
import io.berth.model.ecs.Service;
import io.berth.model.ecs.Task;
import io.berth.wire.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A scenario world for the pure reconciler: a fake clock, instances with room for a fixed number
 * of tasks, tasks the "agents" move along (PENDING → RUNNING on the next step, stopping → STOPPED),
 * and invariant checks after every step. No threads, no Docker, no sleeps.
 */
final class World {
    static final int INSTANCE_CPU = 1024, TASK_CPU = 100;
    static final ServiceReconciler.Settings SETTINGS = new ServiceReconciler.Settings(Duration.ofSeconds(10), Duration.ofMinutes(5), 50, 50);

    Instant now = Instant.parse("2026-11-24T00:00:00Z");
    Service service;
    final Map<String, Task> tasks = new LinkedHashMap<>();
    final List<ContainerInstance> instances = new ArrayList<>();
    final Map<String, Integer> capacity = new LinkedHashMap<>();
    final Map<String, Integer> otherCpu = new LinkedHashMap<>(); // CPU other workloads use on an instance
    final Set<String> failing = new HashSet<>();       // task definitions whose tasks fail to start
    final Set<String> unhealthy = new HashSet<>();     // task definitions whose tasks start but fail their health checks
    final Set<String> protectedTasks = new HashSet<>();
    final List<String> log = new ArrayList<>();
    ServiceReconciler.Completed lastCompleted;
    boolean checkFloor;                                 // assert the healthy floor (after the first steady state)
    int maxOccupying;
    int minHealthySeen = Integer.MAX_VALUE;
    private int seq;

    World instance(String name, int slots) {
        return instance(name, slots, "us-east-1a");
    }

    World instance(String name, int slots, String zone) {
        String arn = "arn:aws:ecs:us-east-1:000000000000:container-instance/c/" + name;
        instances.add(new ContainerInstance(arn, "arn:aws:ecs:us-east-1:000000000000:cluster/c", "i-" + name, "ACTIVE", null, 1, null,
                List.of(Resource.integer("CPU", INSTANCE_CPU)), List.of(Attribute.of("ecs.availability-zone", zone)), now, List.of(), null, null));
        capacity.put(arn, slots);
        return this;
    }

    World setInstanceStatus(String name, String status) {
        instances.replaceAll(i -> i.containerInstanceArn().endsWith("/" + name) ? i.withStatus(status, null) : i);
        return this;
    }

    World service(String strategy, int desired, int min, int max, boolean breaker, boolean rollback) {
        ObjectNode dc = Json.object().put("minimumHealthyPercent", min).put("maximumPercent", max);
        dc.set("deploymentCircuitBreaker", Json.object().put("enable", breaker).put("rollback", rollback));
        Service.Builder b = new Service.Builder();
        b.serviceArn = "arn:aws:ecs:us-east-1:000000000000:service/c/web";
        b.serviceName = "web";
        b.clusterArn = "arn:aws:ecs:us-east-1:000000000000:cluster/c";
        b.status = "ACTIVE";
        b.desiredCount = desired;
        b.schedulingStrategy = strategy;
        b.taskDefinition = "td:1";
        b.deploymentConfiguration = dc;
        b.deployments = List.of(new Deployment("ecs-svc/1", "PRIMARY", "td:1", desired, now, now, "EC2", "IN_PROGRESS", null));
        b.events = List.of();
        b.createdAt = now;
        service = b.build();
        return this;
    }

    World gracePeriod(int seconds) {
        Service.Builder b = service.toBuilder();
        b.healthCheckGracePeriodSeconds = seconds;
        service = b.build();
        return this;
    }

    /** UpdateService with a new task definition: a new PRIMARY deployment. */
    World deploy(String taskDefinition) {
        Service.Builder b = service.toBuilder();
        List<Deployment> ds = new ArrayList<>();
        ds.add(new Deployment("ecs-svc/" + (++seq + 100), "PRIMARY", taskDefinition, service.desiredCount(), now, now, "EC2", "IN_PROGRESS", null));
        for (Deployment d : service.deployments()) ds.add(d.primary() ? d.withStatus("ACTIVE", now) : d);
        b.deployments = ds;
        b.taskDefinition = taskDefinition;
        service = b.build();
        return this;
    }

    World scale(int desired) {
        Service.Builder b = service.toBuilder();
        b.desiredCount = desired;
        service = b.build();
        return this;
    }

    ServiceReconciler.Plan step() {
        var plan = ServiceReconciler.reconcile(new ServiceReconciler.Input(service, List.copyOf(tasks.values()), List.copyOf(instances),
                protectedTasks::contains, now, arn -> true, lastCompleted, free()), SETTINGS);
        for (ServiceReconciler.Stop s : plan.stops()) {
            // the controller's own stop, so stop codes and reasons are what production writes
            tasks.put(s.taskArn(), ServiceTasks.schedulerStop(tasks.get(s.taskArn()), s.reason(), now));
            log.add("stop " + s.taskArn());
        }
        service = plan.service();
        // what DeploymentHistory remembers after the deployment has left the list
        service.deployments().stream().filter(d -> "COMPLETED".equals(d.rolloutState())).findFirst()
                .ifPresent(d -> lastCompleted = new ServiceReconciler.Completed(d.id(), d.taskDefinition()));
        for (ServiceReconciler.Launch l : plan.launches()) {
            String inst = l.instanceArn() != null ? l.instanceArn() : place();
            if (inst == null) break;
            Task.Builder b = new Task.Builder();
            b.taskArn = "task/" + (++seq);
            b.clusterArn = service.clusterArn();
            b.taskDefinitionArn = l.taskDefinition();
            b.containerInstanceArn = inst;
            b.lastStatus = "PENDING";
            b.desiredStatus = "RUNNING";
            b.startedBy = l.deploymentId();
            b.group = "service:web";
            b.createdAt = now;
            b.cpu = String.valueOf(TASK_CPU);
            b.containers = List.of(new Container("c", b.taskArn, "app", "img", null, null, "PENDING", null, null, List.of(), null, "0", "16", null));
            tasks.put(b.taskArn, b.build());
            log.add("launch " + b.taskArn + " " + l.taskDefinition());
        }
        check(!plan.launches().isEmpty());
        agents();
        check(false);
        now = now.plusSeconds(1);
        return plan;
    }

    /** Runs steps until nothing changes any more (or a bound is hit). */
    World settle(int maxSteps) {
        for (int i = 0; i < maxSteps; i++) {
            var plan = step();
            if (plan.launches().isEmpty() && plan.stops().isEmpty() && tasks.values().stream().noneMatch(t -> t.last() != TaskStatus.STOPPED
                    && t.last() != TaskStatus.RUNNING)) {
                step();
                return this;
            }
        }
        return this;
    }

    World placementStrategy(String json) {
        Service.Builder b = service.toBuilder();
        try {
            b.placementStrategy = Json.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
        service = b.build();
        return this;
    }

    /** Free CPU per instance as the controller computes it: registered minus this service's and other workloads' use. */
    private ScaleInOrder.Free free() {
        Map<String, Integer> cpu = new LinkedHashMap<>();
        for (ContainerInstance i : instances) {
            String arn = i.containerInstanceArn();
            long ours = count(t -> arn.equals(t.containerInstanceArn()) && t.last() != TaskStatus.STOPPED);
            cpu.put(arn, INSTANCE_CPU - otherCpu.getOrDefault(arn, 0) - (int) ours * TASK_CPU);
        }
        return new ScaleInOrder.Free(cpu, Map.of());
    }

    private String place() {
        for (ContainerInstance i : instances) {
            if (!"ACTIVE".equals(i.status())) continue;
            long used = tasks.values().stream().filter(t -> i.containerInstanceArn().equals(t.containerInstanceArn()) && t.last() != TaskStatus.STOPPED).count();
            if (used < capacity.get(i.containerInstanceArn())) return i.containerInstanceArn();
        }
        return null;
    }

    /** The agents' side: pending tasks start (or fail to), stopping tasks stop. */
    private void agents() {
        for (Task t : List.copyOf(tasks.values())) {
            Task.Builder b = t.toBuilder();
            if (t.desired() == TaskStatus.STOPPED && t.last() != TaskStatus.STOPPED) {
                b.moveTo(TaskStatus.STOPPED);
                b.stoppedAt = now;
            } else if (t.last() == TaskStatus.PENDING && failing.contains(t.taskDefinitionArn())) {
                b.moveTo(TaskStatus.STOPPED);
                b.desiredStatus = "STOPPED";
                b.stopCode = "TaskFailedToStart";
                b.stoppedReason = "CannotPullContainerError: nope";
                b.stoppedAt = now;
            } else if (t.last() == TaskStatus.PENDING) {
                b.moveTo(TaskStatus.RUNNING);
                b.startedAt = now;
                if (unhealthy.contains(t.taskDefinitionArn())) b.containers = List.of(t.containers().get(0).withHealth("UNKNOWN"));
            } else if (t.last() == TaskStatus.RUNNING && t.desired() == TaskStatus.RUNNING && unhealthy.contains(t.taskDefinitionArn())
                    && !"UNHEALTHY".equals(t.healthStatus())) {
                b.containers = List.of(t.containers().get(0).withHealth("UNHEALTHY"));
                b.healthStatus = "UNHEALTHY";
            } else {
                continue;
            }
            tasks.put(t.taskArn(), b.build());
        }
    }

    long count(Predicate<Task> p) {
        return tasks.values().stream().filter(p).count();
    }

    long running(String taskDefinition) {
        return count(t -> ServiceTasks.live(t) && t.last() == TaskStatus.RUNNING && t.taskDefinitionArn().equals(taskDefinition));
    }

    /** @param launched the scheduler launched tasks this step: then the ceiling must hold */
    private void check(boolean launched) {
        int desired = service.desiredCount();
        long occupying = count(ServiceTasks::occupying);
        long healthy = count(ServiceTasks::healthy);
        maxOccupying = (int) Math.max(maxOccupying, occupying);
        if (checkFloor) minHealthySeen = (int) Math.min(minHealthySeen, healthy);
        if (!service.daemon() && launched) {
            assertThat(occupying).as("tasks in RUNNING/PENDING/STOPPING at %s", now)
                    .isLessThanOrEqualTo((long) Math.floor(desired * service.maximumPercent() / 100.0));
        }
        if (!service.daemon()) {
            if (checkFloor) {
                assertThat(healthy).as("healthy tasks at %s", now).isGreaterThanOrEqualTo((long) Math.ceil(desired * service.minimumHealthyPercent() / 100.0));
            }
        }
        for (ContainerInstance i : instances) {
            long here = count(t -> i.containerInstanceArn().equals(t.containerInstanceArn()) && t.last() != TaskStatus.STOPPED);
            assertThat(here).as("tasks on %s", i.containerInstanceArn()).isLessThanOrEqualTo(capacity.get(i.containerInstanceArn()));
        }
    }

    Deployment primary() {
        return service.primary().orElseThrow();
    }

    List<String> events() {
        return service.events().stream().map(e -> e.message()).toList();
    }
}
