package io.berth.wire.acs;

/**
 * A message on the ACS websocket, in either direction. On the wire each is a JSON text frame
 * {@code {"type":"<simple class name>","message":{...}}}; see {@link AcsCodec}. Shapes follow the
 * agent's ACS model (shared/reference/ecs-agent-acs-api-2.json).
 */
public sealed interface AcsMessage
        permits PayloadMessage, AckRequest, HeartbeatMessage, HeartbeatAckRequest, TaskManifestMessage,
                TaskStopVerificationMessage, TaskStopVerificationAck, IAMRoleCredentialsMessage,
                IAMRoleCredentialsAckRequest, CloseMessage, NackRequest {

    /** The frame's {@code type}: the ACS model's shape name. */
    default String type() {
        return getClass().getSimpleName();
    }
}
