package io.berth.agent.engine;

import io.berth.agent.runtime.ContainerRuntime;
import io.berth.agent.runtime.ContainerSpec;
import io.berth.agent.runtime.ContainerState;
import io.berth.agent.runtime.HealthStatus;
import io.berth.agent.runtime.NetworkBinding;
import io.berth.agent.runtime.RuntimeFailure;
import io.berth.model.ContainerStatus;
import io.berth.model.Labels;
import io.berth.model.TaskStatus;
import io.berth.wire.acs.AcsContainer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that changes a task's statuses. It alternates between its mailbox and the next
 * {@link Step} the {@link StepPlanner} picks, taking messages first so a stop or an exit is seen
 * between any two Docker calls. Runs on a virtual thread; Docker calls block it, not a carrier.
 * While containers wait for their {@code dependsOn} conditions the actor sleeps on its mailbox, until
 * a message (an exit, a health change) or the nearest {@code startTimeout} deadline.
 */
final class TaskActor {
    private static final Logger log = LoggerFactory.getLogger(TaskActor.class);
    static final String ESSENTIAL_EXITED = "Essential container in task exited";
    static final String OOM = "OutOfMemoryError: Container killed due to memory usage";
    static final String CANNOT_START = "CannotStartContainerError: ";

    private final TaskEngine engine;
    private final BlockingQueue<TaskMessage> mailbox = new LinkedBlockingQueue<>();
    private final Set<TaskMessage> waiting = ConcurrentHashMap.newKeySet();
    private volatile TaskRecord record;
    private volatile Thread thread;

    TaskActor(TaskRecord initial, TaskEngine engine) {
        this.record = initial;
        this.engine = engine;
    }

    void start() {
        thread = Thread.ofVirtual().name("task-" + io.berth.model.Arns.lastSegment(record.arn())).start(this::run);
    }

    /**
     * Queues a message unless an equal one is already waiting. Any thread. Health changes are always
     * queued: dropping a repeated "healthy" behind a waiting "unhealthy" would leave the wrong verdict.
     */
    void post(TaskMessage message) {
        if (message instanceof TaskMessage.HealthChanged || waiting.add(message)) mailbox.add(message);
    }

    TaskRecord record() {
        return record;
    }

    Thread thread() {
        return thread;
    }

    private void run() {
        try {
            while (true) {
                Step step = StepPlanner.next(record, engine.now(), engine.startTimeout());
                TaskMessage m;
                if (step instanceof Step.Wait w) {
                    m = w.wakeAt() == Long.MAX_VALUE ? mailbox.take()
                            : mailbox.poll(Math.max(0, w.wakeAt() - engine.now()), TimeUnit.MILLISECONDS);
                    if (m == null) continue; // a startTimeout deadline passed: plan again
                } else {
                    m = mailbox.poll();
                }
                if (m != null) {
                    waiting.remove(m);
                    if (m instanceof TaskMessage.Shutdown) return;
                    handle(m);
                } else {
                    perform(step);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("task {} actor failed; marking it stopped", record.arn(), e);
            abandon("InternalError: " + e.getMessage());
        }
    }

    private void handle(TaskMessage m) throws InterruptedException {
        switch (m) {
            case TaskMessage.Desire d -> {
                if (d.status() == TaskStatus.STOPPED && record.desired() != TaskStatus.STOPPED) {
                    update(record.withDesired(TaskStatus.STOPPED));
                }
            }
            case TaskMessage.ContainerExited e -> exited(e.containerId(), e.oom());
            case TaskMessage.HealthChanged h -> health(h.containerId(), h.status());
            case TaskMessage.Recover r -> recover(r.found());
            case TaskMessage.Resync r -> {
                for (ContainerRecord c : record.containers()) {
                    if (StepPlanner.isUp(c.known()) && c.dockerId() != null) exited(c.dockerId(), false);
                }
            }
            case TaskMessage.Shutdown s -> { }
        }
    }

    private void perform(Step step) throws InterruptedException {
        switch (step) {
            case Step.Wait w -> { }
            case Step.Pull p -> pull(p.container());
            case Step.Create c -> create(c.container());
            case Step.Start s -> start(s.container());
            case Step.MarkRunning r -> {
                update(record.withKnown(TaskStatus.RUNNING));
                engine.sink().submit(new StateChange.TaskChanged(record));
            }
            case Step.DependencyFailed d -> dependencyFailed(d.container(), d.reason());
            case Step.StopContainers s -> stop(s.containers());
            case Step.MarkStopped s -> {
                update(record.withKnown(TaskStatus.STOPPED));
                engine.sink().submit(new StateChange.TaskChanged(record));
            }
        }
    }

    private void pull(String name) {
        AcsContainer def = record.definitionOf(name).orElseThrow();
        if (record.known() == TaskStatus.PROVISIONING) record = record.withKnown(TaskStatus.PENDING);
        try {
            long started = System.currentTimeMillis();
            if (engine.puller().pull(def.image(), def.registryAuthentication())) {
                record = record.withPullTimes(started, System.currentTimeMillis());
            }
            update(record.withContainer(name, c -> c.withKnown(ContainerStatus.PULLED)));
        } catch (RuntimeFailure e) {
            fail(name, "CannotPullContainerError: " + e.getMessage(), null);
        }
    }

    private void create(String name) {
        AcsContainer def = record.definitionOf(name).orElseThrow();
        String dockerName = ContainerSpecMapper.dockerName(record.definition(), name);
        try {
            ContainerSpec spec = engine.mapper().map(record.definition(), def, dockerName,
                    other -> record.container(other).map(ContainerRecord::dockerName).orElse(null));
            String id = engine.runtime().create(spec);
            engine.index(id, this);
            record = record.withContainer(name, c -> c.created(id, dockerName));
        } catch (RuntimeFailure | IllegalArgumentException e) {
            fail(name, "CannotCreateContainerError: " + e.getMessage(), null);
        }
    }

    private void start(String name) {
        ContainerRecord c = record.container(name).orElseThrow();
        ContainerRuntime rt = engine.runtime();
        try {
            rt.start(c.dockerId());
        } catch (RuntimeFailure e) {
            fail(name, "CannotStartContainerError: " + e.getMessage(), null);
            return;
        }
        // Docker assigns dynamic host ports at start: read them back, but only when there are any to
        // read. Without port mappings the inspect would only cost time on the hot path; a container
        // that exits at once is still seen, through the events stream, as soon as this step ends.
        AcsContainer def = record.definitionOf(name).orElseThrow();
        boolean bridgePorts = def.portMappings() != null && !def.portMappings().isEmpty()
                && !"host".equals(record.definition().networkMode());
        Optional<ContainerState> state = bridgePorts ? inspectQuietly(c.dockerId()) : Optional.empty();
        List<NetworkBinding> bindings = bindings(name, state);
        record = record.withContainer(name, x -> x.running(bindings, engine.now()));
        if (state.isPresent() && !state.get().running()) {
            markExited(name, state.get(), false);
        }
        engine.changed();
    }

    private void exited(String id, boolean oom) {
        Optional<ContainerRecord> c = record.containerById(id);
        if (c.isEmpty() || c.get().isStopped() || !StepPlanner.isUp(c.get().known())) return;
        Optional<ContainerState> state = inspectQuietly(id);
        if (state.isPresent() && state.get().running()) {
            health(id, state.get().health()); // a resync may have missed a health change too
            return;
        }
        markExited(c.get().name(), state.orElse(null), oom);
        engine.changed();
    }

    /** Records a container that stopped on its own, and what follows for the task. */
    private void markExited(String name, ContainerState state, boolean oom) {
        Integer code = state == null ? null : state.exitCode();
        boolean oomKilled = oom || (state != null && state.oomKilled());
        String why = state == null ? "Container is gone" : oomKilled ? OOM : null;
        record = record.withContainer(name, x -> x.stopped(code, why));
        ContainerRecord c = record.container(name).orElseThrow();
        if (c.essential()) {
            record = record.withReason(ESSENTIAL_EXITED);
        } else if (record.known() == TaskStatus.RUNNING && record.desired() == TaskStatus.RUNNING) {
            engine.sink().submit(new StateChange.ContainerChanged(record, name));
        }
    }

    /** Records Docker's latest health verdict for a container; tells the engine when it changed. */
    private void health(String id, HealthStatus status) {
        Optional<ContainerRecord> c = record.containerById(id);
        if (c.isEmpty() || c.get().withHealth(status, 0) == c.get()) return;
        record = record.withContainer(c.get().name(), x -> x.withHealth(status, engine.now()));
        engine.changed();
        engine.healthChanged(record);
    }

    /**
     * A container whose {@code dependsOn} can never be met does not start. Like the ECS agent, it is
     * recorded stopped with the dependency error as its reason; an essential one takes the task down.
     * (The ECS agent also reports exit code 143 for it; Berth reports none, since it never ran.)
     */
    private void dependencyFailed(String name, String reason) {
        String why = CANNOT_START + reason;
        log.info("task {} container {}: {}", record.arn(), name, why);
        record = record.withContainer(name, x -> x.stopped(null, why));
        if (record.container(name).orElseThrow().essential()) {
            record = record.withReason(ESSENTIAL_EXITED);
        } else if (record.known() == TaskStatus.RUNNING && record.desired() == TaskStatus.RUNNING) {
            engine.sink().submit(new StateChange.ContainerChanged(record, name));
        }
        engine.changed();
    }

    /** Stops these containers in parallel, each with its own stop timeout, and records their exit codes. */
    private void stop(List<String> names) throws InterruptedException {
        if (record.known().compareTo(TaskStatus.STOPPING) < 0) record = record.withKnown(TaskStatus.STOPPING);
        Map<String, Integer> codes = new HashMap<>();
        List<ContainerRecord> toStop = new ArrayList<>();
        for (String name : names) {
            ContainerRecord c = record.container(name).orElseThrow();
            if (c.isStopped()) continue;
            if (c.dockerId() == null) record = record.withContainer(c.name(), x -> x.stopped(null, null));
            else toStop.add(c);
        }
        List<Thread> stoppers = new ArrayList<>();
        for (ContainerRecord c : toStop) {
            stoppers.add(Thread.ofVirtual().start(() -> {
                Integer code = stopOne(c);
                synchronized (codes) {
                    codes.put(c.name(), code);
                }
            }));
        }
        for (Thread t : stoppers) t.join();
        for (ContainerRecord c : toStop) {
            Integer code = codes.get(c.name());
            record = record.withContainer(c.name(), x -> x.isStopped() ? x : x.stopped(code, x.reason()));
        }
        engine.changed();
    }

    /** Stops one container and returns its exit code, if it ever ran. */
    private Integer stopOne(ContainerRecord c) {
        AcsContainer def = record.definitionOf(c.name()).orElseThrow();
        Duration timeout = def.stopTimeout() != null && def.stopTimeout() >= 0
                ? Duration.ofSeconds(def.stopTimeout()) : engine.stopTimeout();
        try {
            if (c.known() != ContainerStatus.CREATED) engine.runtime().stop(c.dockerId(), timeout);
        } catch (RuntimeFailure e) {
            log.warn("stopping container {} of task {} failed: {}", c.dockerId(), record.arn(), e.getMessage());
        }
        return inspectQuietly(c.dockerId()).filter(ContainerState::everStarted).map(ContainerState::exitCode).orElse(null);
    }

    private void fail(String name, String reason, Integer exitCode) {
        log.info("task {} container {}: {}", record.arn(), name, reason);
        TaskRecord next = record.withContainer(name, c -> c.stopped(exitCode, reason)).withReason(reason);
        update(next.withDesired(TaskStatus.STOPPED));
    }

    private void recover(List<ContainerState> found) {
        List<ContainerState> unclaimed = new ArrayList<>(found);
        for (ContainerRecord c : record.containers()) {
            if (c.isStopped()) {
                if (c.dockerId() != null) unclaimed.removeIf(s -> s.id().equals(c.dockerId()));
                continue;
            }
            Optional<ContainerState> match = unclaimed.stream().filter(s -> s.id().equals(c.dockerId())).findFirst()
                    .or(() -> unclaimed.stream().filter(s -> c.name().equals(s.labels().get(Labels.CONTAINER_NAME))).findFirst());
            match.ifPresent(unclaimed::remove);
            if (match.isEmpty()) {
                if (c.dockerId() != null) {
                    record = record.withContainer(c.name(), x -> x.stopped(null, "Container is gone"));
                    if (c.essential()) record = record.withReason(ESSENTIAL_EXITED);
                }
                continue;
            }
            ContainerState s = match.get();
            engine.index(s.id(), this);
            String dockerName = s.name();
            record = record.withContainer(c.name(), x -> x.withDocker(s.id(), dockerName));
            if (s.running()) {
                List<NetworkBinding> bindings = bindings(c.name(), Optional.of(s));
                record = record.withContainer(c.name(), x -> StepPlanner.isUp(x.known()) ? x
                        : x.running(bindings, engine.now()));
                health(s.id(), s.health());
            } else if (s.everStarted()) {
                if (!StepPlanner.isUp(c.known())) record = record.withContainer(c.name(), x -> x.withKnown(ContainerStatus.RUNNING));
                markExited(c.name(), s, false);
            } else if (c.known().compareTo(ContainerStatus.CREATED) < 0) {
                record = record.withContainer(c.name(), x -> x.withKnown(ContainerStatus.CREATED));
            }
        }
        for (ContainerState extra : unclaimed) {
            log.info("removing duplicate container {} of task {}", extra.id(), record.arn());
            engine.runtime().remove(extra.id());
        }
        engine.changed();
        // The server may not have heard of the last status before the restart: say it again.
        if (record.known() == TaskStatus.RUNNING || record.known() == TaskStatus.STOPPED) {
            engine.sink().submit(new StateChange.TaskChanged(record));
        }
    }

    private List<NetworkBinding> bindings(String name, Optional<ContainerState> state) {
        AcsContainer def = record.definitionOf(name).orElseThrow();
        if ("host".equals(record.definition().networkMode())) {
            List<NetworkBinding> out = new ArrayList<>();
            if (def.portMappings() != null) {
                def.portMappings().forEach(pm -> out.add(new NetworkBinding(engine.hostAddress(), pm.containerPort(),
                        pm.containerPort(), pm.protocol() == null ? "tcp" : pm.protocol())));
            }
            return out;
        }
        return state.map(ContainerState::bindings).orElse(List.of());
    }

    private Optional<ContainerState> inspectQuietly(String id) {
        try {
            return engine.runtime().inspect(id);
        } catch (RuntimeFailure e) {
            log.warn("inspecting {} failed: {}", id, e.getMessage());
            return Optional.empty();
        }
    }

    private void update(TaskRecord next) {
        record = next;
        engine.changed();
    }

    /** Last resort after a bug: record everything stopped without touching Docker, and report. */
    private void abandon(String reason) {
        TaskRecord r = record.withReason(reason).withDesired(TaskStatus.STOPPED);
        for (ContainerRecord c : r.containers()) {
            if (!c.isStopped()) r = r.withContainer(c.name(), x -> x.stopped(null, reason));
        }
        record = r.withKnown(TaskStatus.STOPPED);
        engine.changed();
        engine.sink().submit(new StateChange.TaskChanged(record));
    }
}
