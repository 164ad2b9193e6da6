package io.berth.agent.engine;

import io.berth.agent.runtime.ContainerRuntime;
import io.berth.agent.runtime.ContainerState;
import io.berth.agent.runtime.RuntimeEvent;
import io.berth.model.Labels;
import io.berth.model.TaskStatus;
import io.berth.wire.acs.AcsTask;
import io.berth.wire.acs.TaskIdentifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks: one {@link TaskActor} per task, fed by ACS payloads and by container exits from one
 * runtime event stream (health changes too). The engine only routes; statuses change inside the actors.
 *
 * <pre>
 *  ACS payload ──accept()──▶ ┌────────────┐  Desire / ContainerExited  ┌───────────┐ ── runtime calls
 *  runtime exits ──────────▶ │ TaskEngine │ ─────────────────────────▶ │ TaskActor │ ── StateChangeSink
 *  manifest ─stopCandidates()└────────────┘                            └───────────┘ ── changed() → state file
 * </pre>
 */
public final class TaskEngine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TaskEngine.class);
    private static final int REMEMBERED_STOPPED = 2048;

    private final ContainerRuntime runtime;
    private final ContainerSpecMapper mapper;
    private final StateChangeSink sink;
    private final Runnable onChange;
    private final String containerInstanceArn;
    private final String hostAddress;
    private final Duration stopTimeout;
    private final Duration startTimeout;
    private final HealthListener healthListener;
    private final Map<String, TaskActor> actors = new ConcurrentHashMap<>();
    private final Map<String, TaskActor> byContainerId = new ConcurrentHashMap<>();
    private final Set<String> finished = Collections.synchronizedSet(Collections.newSetFromMap(
            new LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > REMEMBERED_STOPPED;
                }
            }));
    private volatile AutoCloseable subscription;
    private volatile ImagePuller puller;

    /**
     * @param onChange called (from actor threads) after any task record changed, e.g. to save state
     */
    public TaskEngine(ContainerRuntime runtime, StateChangeSink sink, Runnable onChange, String cluster,
            String containerInstanceArn, String hostAddress, Duration stopTimeout) {
        this(runtime, sink, onChange, cluster, containerInstanceArn, hostAddress, stopTimeout,
                StepPlanner.DEFAULT_START_TIMEOUT, HealthListener.NONE);
    }

    /**
     * @param startTimeout how long a dependency may run before a COMPLETE, SUCCESS or HEALTHY
     *     condition on it fails, when its definition has no {@code startTimeout} (ECS_CONTAINER_START_TIMEOUT)
     * @param healthListener hears of every container health change
     */
    public TaskEngine(ContainerRuntime runtime, StateChangeSink sink, Runnable onChange, String cluster,
            String containerInstanceArn, String hostAddress, Duration stopTimeout, Duration startTimeout,
            HealthListener healthListener) {
        this.startTimeout = startTimeout;
        this.healthListener = healthListener;
        this.runtime = runtime;
        this.sink = sink;
        this.onChange = onChange;
        this.containerInstanceArn = containerInstanceArn;
        this.hostAddress = hostAddress;
        this.stopTimeout = stopTimeout;
        this.mapper = new ContainerSpecMapper(cluster, containerInstanceArn, hostAddress);
        this.puller = new ImagePuller(runtime, PullBehavior.PREFER_CACHED, null);
    }

    /** Sets how images are pulled (behaviour and registry credentials); before {@link #accept}. */
    public void usePuller(ImagePuller p) {
        this.puller = p;
    }

    ImagePuller puller() {
        return puller;
    }

    /** Subscribes to container exits. Call before {@link #restore} so no exit falls in between. */
    public void start() {
        subscription = runtime.subscribeExits(Labels.CONTAINER_INSTANCE_ARN, containerInstanceArn, this::onRuntimeEvent);
    }

    /**
     * Takes tasks from an ACS payload: new tasks wanted RUNNING get an actor, known tasks get their
     * desired status. A task already known never gets a second actor. Returns once every task is
     * recorded (so a state save that follows includes them); the work happens on the actors.
     */
    public void accept(List<AcsTask> tasks) {
        for (AcsTask t : tasks) {
            if (t.arn() == null) continue;
            TaskStatus desired;
            try {
                desired = TaskStatus.parse(t.desiredStatus());
            } catch (IllegalArgumentException e) {
                log.warn("task {} has desired status {}; ignored", t.arn(), t.desiredStatus());
                continue;
            }
            TaskActor existing = actors.get(t.arn());
            if (existing != null) {
                existing.post(new TaskMessage.Desire(desired));
            } else if (desired == TaskStatus.RUNNING && !finished.contains(t.arn())) {
                if (t.containers() == null || t.containers().isEmpty()) {
                    log.warn("task {} has no containers; ignored", t.arn());
                    continue;
                }
                TaskActor actor = new TaskActor(TaskRecord.fresh(t), this);
                if (actors.putIfAbsent(t.arn(), actor) == null) actor.start();
            }
        }
    }

    /**
     * Takes back tasks from the state file after a restart. {@code ownContainers} are all containers
     * labelled with this instance's ARN; each task adopts its own, and removes duplicates of them.
     * Containers whose task is unknown are left to the caller (see {@link #strangers}).
     */
    public void restore(List<TaskRecord> tasks, List<ContainerState> ownContainers) {
        for (TaskRecord t : tasks) {
            List<ContainerState> found = ownContainers.stream()
                    .filter(c -> t.arn().equals(c.labels().get(Labels.TASK_ARN))).toList();
            TaskActor actor = new TaskActor(t, this);
            if (actors.putIfAbsent(t.arn(), actor) != null) continue;
            for (ContainerRecord c : t.containers()) if (c.dockerId() != null) byContainerId.put(c.dockerId(), actor);
            actor.post(new TaskMessage.Recover(found));
            actor.start();
        }
    }

    /** Of {@code ownContainers}, those whose task this engine does not know: orphans to remove. */
    public List<ContainerState> strangers(List<ContainerState> ownContainers) {
        return ownContainers.stream().filter(c -> !actors.containsKey(c.labels().get(Labels.TASK_ARN))).toList();
    }

    /** Tasks running here (desired RUNNING, not stopped) that the manifest does not list. */
    public List<TaskIdentifier> stopCandidates(Set<String> manifestTaskArns) {
        List<TaskIdentifier> out = new ArrayList<>();
        for (TaskActor a : actors.values()) {
            TaskRecord r = a.record();
            if (r.isActive() && !manifestTaskArns.contains(r.arn())) {
                out.add(new TaskIdentifier(r.arn(), r.definition().taskClusterArn(), TaskStatus.STOPPED.name()));
            }
        }
        return out;
    }

    /** Tells these tasks to stop (e.g. after a TaskStopVerificationAck). Unknown ARNs are ignored. */
    public void stop(Collection<String> taskArns) {
        for (String arn : taskArns) {
            TaskActor a = actors.get(arn);
            if (a != null) a.post(new TaskMessage.Desire(TaskStatus.STOPPED));
        }
    }

    /**
     * Drops a STOPPED task whose final status the server has acknowledged; returns its container ids
     * (for cleanup). A payload that names it again later does not bring it back.
     */
    public List<String> forget(String taskArn) {
        TaskActor a = actors.get(taskArn);
        if (a == null || a.record().known() != TaskStatus.STOPPED) return List.of();
        actors.remove(taskArn);
        finished.add(taskArn);
        a.post(new TaskMessage.Shutdown());
        List<String> ids = new ArrayList<>();
        for (ContainerRecord c : a.record().containers()) {
            if (c.dockerId() != null) {
                byContainerId.remove(c.dockerId());
                ids.add(c.dockerId());
            }
        }
        onChange.run();
        return ids;
    }

    public List<TaskRecord> tasks() {
        return actors.values().stream().map(TaskActor::record).toList();
    }

    public Optional<TaskRecord> task(String arn) {
        return Optional.ofNullable(actors.get(arn)).map(TaskActor::record);
    }

    public List<String> recentlyFinished() {
        synchronized (finished) {
            return List.copyOf(finished);
        }
    }

    public void rememberFinished(Collection<String> arns) {
        finished.addAll(arns);
    }

    /** Ends the actors and the event subscription; containers are left running. */
    @Override
    public void close() {
        try {
            if (subscription != null) subscription.close();
        } catch (Exception e) {
            log.debug("closing the event subscription", e);
        }
        List<Thread> threads = new ArrayList<>();
        for (TaskActor a : actors.values()) {
            a.post(new TaskMessage.Shutdown());
            if (a.thread() != null) {
                threads.add(a.thread());
                a.thread().interrupt();
            }
        }
        for (Thread t : threads) {
            try {
                t.join(Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void onRuntimeEvent(RuntimeEvent event) {
        switch (event) {
            case RuntimeEvent.ContainerExited e -> {
                TaskActor a = byContainerId.get(e.containerId());
                if (a != null) a.post(new TaskMessage.ContainerExited(e.containerId(), e.oom()));
            }
            case RuntimeEvent.HealthChanged h -> {
                TaskActor a = byContainerId.get(h.containerId());
                if (a != null) a.post(new TaskMessage.HealthChanged(h.containerId(), h.status()));
            }
            case RuntimeEvent.StreamRestarted r -> actors.values().forEach(a -> a.post(new TaskMessage.Resync()));
        }
    }

    ContainerRuntime runtime() {
        return runtime;
    }

    ContainerSpecMapper mapper() {
        return mapper;
    }

    StateChangeSink sink() {
        return sink;
    }

    String hostAddress() {
        return hostAddress;
    }

    Duration stopTimeout() {
        return stopTimeout;
    }

    Duration startTimeout() {
        return startTimeout;
    }

    long now() {
        return System.currentTimeMillis();
    }

    void healthChanged(TaskRecord task) {
        try {
            healthListener.healthChanged(task);
        } catch (RuntimeException e) {
            log.warn("health listener failed for {}", task.arn(), e);
        }
    }

    /** The actor's thread, for tests that need to see it idle. */
    Optional<Thread> actorThread(String taskArn) {
        return Optional.ofNullable(actors.get(taskArn)).map(TaskActor::thread);
    }

    void index(String containerId, TaskActor actor) {
        byContainerId.put(containerId, actor);
    }

    void changed() {
        onChange.run();
    }
}
