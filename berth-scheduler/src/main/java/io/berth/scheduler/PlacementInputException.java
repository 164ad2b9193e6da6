package io.berth.scheduler;

/**
 * A placement strategy, constraint or query expression that is not valid. The server answers it
 * with ECS's {@code InvalidParameterException} and this message.
 */
public class PlacementInputException extends RuntimeException {
    public PlacementInputException(String message) {
        super(message);
    }
}
