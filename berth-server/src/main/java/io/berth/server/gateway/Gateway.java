package io.berth.server.gateway;

import io.berth.model.TaskStatus;
import io.berth.model.ecs.ContainerInstance;
import io.berth.model.ecs.Task;
import io.berth.server.state.Keys;
import io.berth.server.state.State;
import io.berth.server.state.Tx;
import io.berth.wire.acs.AcsTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The agent side of the control plane: keeps one ACS session per connected container instance,
 * pushes a payload to an instance as soon as a batch that gives it a task, or changes a task's
 * desired status, is durable (push, not poll), and heartbeats every session.
 */
public final class Gateway implements Consumer<List<Tx.Change>>, AutoCloseable {
    private final State state;
    private final String account;
    private final Map<String, AcsSession> sessions = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("berth-heartbeat").daemon().factory());
    private final AtomicLong telemetryFrames = new AtomicLong();

    private volatile Consumer<com.fasterxml.jackson.databind.JsonNode> telemetry = frame -> { };

    public Gateway(State state, String account, Duration heartbeat) {
        this.state = state;
        this.account = account;
        long ms = heartbeat.toMillis();
        timer.scheduleAtFixedRate(() -> sessions.values().forEach(AcsSession::heartbeat), ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Whether the instance's agent has an ACS session open now. */
    public boolean connected(String instanceArn) {
        return sessions.containsKey(instanceArn);
    }

    AcsSession newAcsSession(String clusterArn, String instanceArn, int seqNum) {
        return new AcsSession(this, clusterArn, instanceArn, seqNum);
    }

    TcsSession newTcsSession(String instance) {
        return new TcsSession(this, instance);
    }

    Optional<String> refusal(String instanceArn) {
        Optional<ContainerInstance> inst = state.instanceByArn(instanceArn);
        if (inst.isEmpty()) return Optional.of("Container instance " + instanceArn + " is not registered.");
        if ("INACTIVE".equals(inst.get().status())) return Optional.of("Container instance " + instanceArn + " is deregistered.");
        return Optional.empty();
    }

    void opened(AcsSession s) {
        AcsSession old = sessions.put(s.instanceArn(), s);
        if (old != null && old != s) old.close();
    }

    void closed(AcsSession s) {
        sessions.remove(s.instanceArn(), s);
    }

    /** The tasks an instance should know: every one placed there that has not stopped. */
    List<Task> tasksFor(String instanceArn) {
        String cluster = state.instanceByArn(instanceArn).map(i -> i.clusterArn().substring(i.clusterArn().lastIndexOf('/') + 1)).orElse("");
        List<Task> out = new ArrayList<>();
        for (Task t : state.range(Keys.tasksOf(cluster), Task.class)) {
            if (instanceArn.equals(t.containerInstanceArn()) && t.last() != TaskStatus.STOPPED) out.add(t);
        }
        return out;
    }

    /** Whether the server wants {@code taskArn} running on {@code instanceArn}. */
    boolean shouldRun(String taskArn, String instanceArn) {
        return state.taskByArn(taskArn)
                .filter(t -> instanceArn.equals(t.containerInstanceArn()) && t.desired() == TaskStatus.RUNNING)
                .isPresent();
    }

    Optional<AcsTask> payloadTask(Task t) {
        return state.taskDefinitionByArn(t.taskDefinitionArn()).map(d -> PayloadBuilder.build(t, d, account));
    }

    /** Where TCS frames go once parsed (container health, metrics); called on websocket threads. */
    public void onTelemetry(Consumer<com.fasterxml.jackson.databind.JsonNode> sink) {
        this.telemetry = sink;
    }

    void telemetryReceived(String instance, String json) {
        telemetryFrames.incrementAndGet();
        try {
            telemetry.accept(io.berth.wire.Json.MAPPER.readTree(json));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            org.slf4j.LoggerFactory.getLogger(Gateway.class).debug("unreadable TCS frame from {}: {}", instance, e.getOriginalMessage());
        }
    }

    /** Telemetry frames received since start, for tests and metrics. */
    public long telemetryFrames() {
        return telemetryFrames.get();
    }

    /** Runs on the committer thread after each durable batch: push what changed to the agents. */
    @Override
    public void accept(List<Tx.Change> changes) {
        Map<String, List<Task>> byInstance = new LinkedHashMap<>();
        for (Tx.Change c : changes) {
            if (c.after() instanceof Task t && t.containerInstanceArn() != null) {
                Task before = c.before() instanceof Task b ? b : null;
                boolean news = before == null || !Objects.equals(before.desiredStatus(), t.desiredStatus())
                        || !Objects.equals(before.containerInstanceArn(), t.containerInstanceArn());
                if (news && t.last() != TaskStatus.STOPPED) byInstance.computeIfAbsent(t.containerInstanceArn(), k -> new ArrayList<>()).add(t);
            } else if (c.after() instanceof ContainerInstance i && "INACTIVE".equals(i.status())) {
                AcsSession s = sessions.remove(i.containerInstanceArn());
                if (s != null) s.inactive();
            }
        }
        byInstance.forEach((arn, tasks) -> {
            AcsSession s = sessions.get(arn);
            if (s != null) s.sendTasks(tasks);
        });
    }

    @Override
    public void close() {
        timer.shutdownNow();
        sessions.values().forEach(AcsSession::close);
        sessions.clear();
    }
}
