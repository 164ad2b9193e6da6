package io.berth.server.gateway;

import io.berth.model.ecs.Task;
import io.berth.wire.acs.AckRequest;
import io.berth.wire.acs.AcsCodec;
import io.berth.wire.acs.AcsMessage;
import io.berth.wire.acs.AcsTask;
import io.berth.wire.acs.HeartbeatMessage;
import io.berth.wire.acs.PayloadMessage;
import io.berth.wire.acs.TaskIdentifier;
import io.berth.wire.acs.TaskManifestMessage;
import io.berth.wire.acs.TaskStopVerificationAck;
import io.berth.wire.acs.TaskStopVerificationMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent's ACS connection. On open it sends every task the instance should know about (so
 * nothing missed while disconnected is lost) and a manifest; afterwards the {@link Gateway} pushes
 * payloads as tasks change. Frames from the agent (acks, stop verification) arrive on Jetty's threads.
 */
public final class AcsSession implements Session.Listener.AutoDemanding {
    private static final Logger log = LoggerFactory.getLogger(AcsSession.class);

    private final Gateway gateway;
    private final String clusterArn;
    private final String instanceArn;
    private final AtomicInteger seqNum;
    private volatile Outbox outbox;

    AcsSession(Gateway gateway, String clusterArn, String instanceArn, int lastSeqNum) {
        this.gateway = gateway;
        this.clusterArn = clusterArn;
        this.instanceArn = instanceArn;
        this.seqNum = new AtomicInteger(Math.max(lastSeqNum, 0));
    }

    String instanceArn() {
        return instanceArn;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        outbox = new Outbox(session, "acs-" + instanceArn.substring(instanceArn.lastIndexOf('/') + 1));
        Optional<String> refusal = gateway.refusal(instanceArn);
        if (refusal.isPresent()) {
            outbox.send(AcsCodec.encodeError("InactiveInstanceException", refusal.get()));
            outbox.closeAfterSending("InactiveInstanceException");
            return;
        }
        gateway.opened(this);
        List<Task> tasks = gateway.tasksFor(instanceArn);
        sendTasks(tasks);
        sendManifest(tasks);
    }

    /**
     * Sends one PayloadMessage with these tasks; the agent acks by messageId. The frame is built on
     * the outbox's thread (this is called on the committer's), from the tasks as they were passed.
     */
    void sendTasks(List<Task> tasks) {
        Outbox out = outbox;
        if (tasks.isEmpty() || out == null) return;
        out.send(() -> {
            List<AcsTask> payload = new ArrayList<>();
            for (Task t : tasks) gateway.payloadTask(t).ifPresent(payload::add);
            if (payload.isEmpty()) return null;
            return AcsCodec.encode(new PayloadMessage(UUID.randomUUID().toString(), clusterArn, instanceArn,
                    System.currentTimeMillis(), seqNum.incrementAndGet(), null, payload));
        });
    }

    private void sendManifest(List<Task> tasks) {
        List<TaskIdentifier> ids = new ArrayList<>();
        for (Task t : tasks) ids.add(new TaskIdentifier(t.taskArn(), t.clusterArn(), t.desiredStatus()));
        outbox.send(() -> AcsCodec.encode(new TaskManifestMessage(UUID.randomUUID().toString(), clusterArn, instanceArn,
                System.currentTimeMillis(), (long) seqNum.incrementAndGet(), ids)));
    }

    void heartbeat() {
        if (outbox != null) outbox.send(AcsCodec.encode(new HeartbeatMessage(true, UUID.randomUUID().toString())));
    }

    /** The instance was deregistered: tell the agent, as ECS does, and hang up. */
    void inactive() {
        if (outbox == null) return;
        outbox.send(AcsCodec.encodeError("InactiveInstanceException", "Container instance " + instanceArn + " is deregistered."));
        outbox.closeAfterSending("InactiveInstanceException");
    }

    void close() {
        if (outbox != null) outbox.stop();
    }

    @Override
    public void onWebSocketText(String text) {
        AcsMessage message;
        try {
            message = AcsCodec.decode(text).orElse(null);
        } catch (RuntimeException e) {
            log.warn("unreadable ACS frame from {}: {}", instanceArn, e.getMessage());
            return;
        }
        switch (message) {
            case null -> { }
            case TaskStopVerificationMessage m -> {
                List<TaskIdentifier> stop = new ArrayList<>();
                for (TaskIdentifier c : m.stopCandidates() == null ? List.<TaskIdentifier>of() : m.stopCandidates()) {
                    if (!gateway.shouldRun(c.taskArn(), instanceArn)) {
                        stop.add(new TaskIdentifier(c.taskArn(), c.taskClusterArn(), "STOPPED"));
                    }
                }
                outbox.send(AcsCodec.encode(new TaskStopVerificationAck(m.messageId(), System.currentTimeMillis(), stop)));
            }
            case AckRequest a -> log.debug("ack {} from {}", a.messageId(), instanceArn);
            default -> log.debug("ACS frame {} from {}", message.type(), instanceArn);
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        gateway.closed(this);
        if (outbox != null) outbox.stop();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        log.debug("ACS session error for {}: {}", instanceArn, cause.toString());
    }
}
