package io.berth.agent.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the task engine needs from a container engine. Implementations: {@link DockerRuntime} for
 * real hosts; in-memory ones for tests and hollow hosts. Nothing here exposes engine-specific types.
 *
 * <p>All methods may block and are safe to call from any thread, virtual threads included:
 * implementations that make blocking native calls run them on their own platform threads.
 * Failures are reported as {@link RuntimeFailure}.
 */
public interface ContainerRuntime extends AutoCloseable {

    /** The engine's version, e.g. {@code 26.1.5}; reported at registration. */
    String version();

    /** Whether the image is present locally. */
    boolean imagePresent(String image);

    /** Pulls the image; returns once it is present. Not retried here. */
    void pullImage(String image);

    /** Pulls the image with registry credentials (null: anonymous). Runtimes without registries ignore them. */
    default void pullImage(String image, RegistryAuth auth) {
        pullImage(image);
    }

    /** Creates a container (not started) and returns its id. */
    String create(ContainerSpec spec);

    /** Starts a created container. Starting a running container is not an error. */
    void start(String id);

    /**
     * Stops a container: its stop signal, then SIGKILL after {@code timeout}. Stopping a container
     * that is not running is not an error.
     */
    void stop(String id, Duration timeout);

    /** Removes a container, forcibly if it runs. Removing a missing container is not an error. */
    void remove(String id);

    /** The container's current state, or empty if it does not exist. */
    Optional<ContainerState> inspect(String id);

    /** All containers, running or not, that carry the label {@code key=value}. */
    List<ContainerState> listByLabel(String key, String value);

    /**
     * Subscribes to exits and health-check changes of containers labelled {@code key=value}. The
     * listener is called from a runtime thread and must not block. When the stream had to be re-opened (events may have been
     * missed) the listener gets {@link RuntimeEvent.StreamRestarted}. Closing the subscription stops it.
     */
    AutoCloseable subscribeExits(String key, String value, Consumer<RuntimeEvent> listener);

    @Override
    void close();
}
