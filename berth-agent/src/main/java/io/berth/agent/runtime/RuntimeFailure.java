package io.berth.agent.runtime;

/** A container-engine call failed; the message is the engine's own, fit for a stopped reason. */
public class RuntimeFailure extends RuntimeException {
    public RuntimeFailure(String message) {
        super(message);
    }

    public RuntimeFailure(String message, Throwable cause) {
        super(message, cause);
    }

    /** The container or image named in the call does not exist. */
    public static final class NotFound extends RuntimeFailure {
        public NotFound(String message) {
            super(message);
        }
    }
}
