package io.berth.agent.session;

import io.berth.wire.acs.AckRequest;
import io.berth.wire.acs.AcsCodec;
import io.berth.wire.acs.AcsMessage;
import io.berth.wire.acs.AcsTask;
import io.berth.wire.acs.CloseMessage;
import io.berth.wire.acs.HeartbeatAckRequest;
import io.berth.wire.acs.HeartbeatMessage;
import io.berth.wire.acs.IAMRoleCredentialsAckRequest;
import io.berth.wire.acs.IAMRoleCredentialsMessage;
import io.berth.wire.acs.IamRoleCredentials;
import io.berth.wire.acs.NackRequest;
import io.berth.wire.acs.PayloadMessage;
import io.berth.wire.acs.TaskIdentifier;
import io.berth.wire.acs.TaskManifestMessage;
import io.berth.wire.acs.TaskStopVerificationAck;
import io.berth.wire.acs.TaskStopVerificationMessage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the agent does with each ACS frame, and what it answers. No I/O of its own: effects go to a
 * {@link Target}, answers come back as messages to send, in order. Frames are handled one at a time.
 */
public final class AcsFrameHandler {
    private static final Logger log = LoggerFactory.getLogger(AcsFrameHandler.class);
    public static final String INACTIVE_INSTANCE = "InactiveInstanceException";

    /** Where the frames' effects go. Called on the session's frame thread. */
    public interface Target {
        /** Takes the payload's tasks and records them durably (with the seqNum) before returning. */
        void acceptTasks(List<AcsTask> tasks, Integer seqNum);

        List<TaskIdentifier> stopCandidates(Set<String> manifestTaskArns);

        void stopTasks(List<String> taskArns);

        void storeCredentials(String taskArn, String roleType, IamRoleCredentials credentials);
    }

    /**
     * @param replies frames to send, in order
     * @param inactive the server says this instance is deregistered: stop reconnecting
     * @param reconnect the server asked to close the connection
     */
    public record Outcome(List<AcsMessage> replies, boolean inactive, boolean reconnect) {
        static Outcome reply(List<AcsMessage> replies) {
            return new Outcome(replies, false, false);
        }
    }

    private final String cluster;
    private final String containerInstanceArn;
    private final Target target;

    public AcsFrameHandler(String cluster, String containerInstanceArn, Target target) {
        this.cluster = cluster;
        this.containerInstanceArn = containerInstanceArn;
        this.target = target;
    }

    public Outcome handle(String frame) {
        Optional<AcsMessage> decoded;
        try {
            decoded = AcsCodec.decode(frame);
        } catch (AcsCodec.AcsError e) {
            log.warn("ACS error frame: {}", e.getMessage());
            return new Outcome(List.of(), INACTIVE_INSTANCE.equals(e.exceptionName()), false);
        } catch (IllegalArgumentException e) {
            log.warn("ignoring a malformed ACS frame: {}", e.getMessage());
            return Outcome.reply(List.of());
        }
        if (decoded.isEmpty()) {
            log.debug("ignoring an ACS frame of unknown type");
            return Outcome.reply(List.of());
        }
        return switch (decoded.get()) {
            case PayloadMessage p -> payload(p);
            case HeartbeatMessage h -> Outcome.reply(List.of(new HeartbeatAckRequest(h.messageId())));
            case TaskManifestMessage m -> manifest(m);
            case TaskStopVerificationAck a -> {
                target.stopTasks(a.stopTasks() == null ? List.of()
                        : a.stopTasks().stream().map(TaskIdentifier::taskArn).toList());
                yield Outcome.reply(List.of());
            }
            case IAMRoleCredentialsMessage c -> {
                if (c.roleCredentials() == null) yield Outcome.reply(List.of());
                target.storeCredentials(c.taskArn(), c.roleType(), c.roleCredentials());
                yield Outcome.reply(List.of(new IAMRoleCredentialsAckRequest(c.messageId(),
                        c.roleCredentials().expiration(), c.roleCredentials().credentialsId())));
            }
            case CloseMessage c -> new Outcome(List.of(), false, true);
            case AckRequest a -> Outcome.reply(List.of());
            case NackRequest n -> Outcome.reply(List.of());
            case HeartbeatAckRequest h -> Outcome.reply(List.of());
            case IAMRoleCredentialsAckRequest a -> Outcome.reply(List.of());
            case TaskStopVerificationMessage m -> Outcome.reply(List.of());
        };
    }

    private Outcome payload(PayloadMessage p) {
        List<AcsTask> tasks = p.tasks() == null ? List.of() : p.tasks();
        try {
            target.acceptTasks(tasks, p.seqNum());
        } catch (RuntimeException e) {
            log.error("could not take payload {}", p.messageId(), e);
            return Outcome.reply(List.of(new NackRequest(clusterOf(p.clusterArn()), instanceOf(p.containerInstanceArn()),
                    p.messageId(), e.getMessage())));
        }
        List<AcsMessage> replies = new ArrayList<>();
        for (AcsTask t : tasks) {
            if (t.roleCredentials() != null) {
                target.storeCredentials(t.arn(), "TaskApplication", t.roleCredentials());
                replies.add(new IAMRoleCredentialsAckRequest(p.messageId(), t.roleCredentials().expiration(),
                        t.roleCredentials().credentialsId()));
            }
            if (t.executionRoleCredentials() != null) {
                target.storeCredentials(t.arn(), "TaskExecution", t.executionRoleCredentials());
                replies.add(new IAMRoleCredentialsAckRequest(p.messageId(), t.executionRoleCredentials().expiration(),
                        t.executionRoleCredentials().credentialsId()));
            }
        }
        replies.add(new AckRequest(clusterOf(p.clusterArn()), instanceOf(p.containerInstanceArn()), p.messageId()));
        return Outcome.reply(replies);
    }

    private Outcome manifest(TaskManifestMessage m) {
        Set<String> listed = new HashSet<>();
        if (m.tasks() != null) m.tasks().forEach(t -> listed.add(t.taskArn()));
        List<AcsMessage> replies = new ArrayList<>();
        replies.add(new AckRequest(clusterOf(m.clusterArn()), instanceOf(m.containerInstanceArn()), m.messageId()));
        List<TaskIdentifier> candidates = target.stopCandidates(listed);
        if (!candidates.isEmpty()) replies.add(new TaskStopVerificationMessage(m.messageId(), candidates));
        return Outcome.reply(replies);
    }

    private String clusterOf(String fromMessage) {
        return fromMessage == null || fromMessage.isEmpty() ? cluster : fromMessage;
    }

    private String instanceOf(String fromMessage) {
        return fromMessage == null || fromMessage.isEmpty() ? containerInstanceArn : fromMessage;
    }
}
