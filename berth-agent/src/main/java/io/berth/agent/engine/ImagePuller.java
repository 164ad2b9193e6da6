package io.berth.agent.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.agent.api.EcsApiException;
import io.berth.agent.api.RegistryCredentials;
import io.berth.agent.runtime.ContainerRuntime;
import io.berth.agent.runtime.RegistryAuth;
import io.berth.agent.runtime.RuntimeFailure;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a task's image is pulled ({@link PullBehavior}) and with which credentials
 * ({@link RegistryCredentials}). Failures come out as {@link RuntimeFailure}, which the task actor
 * reports as {@code CannotPullContainerError}. Thread-safe: actors call it concurrently.
 */
public final class ImagePuller {
    private static final Logger log = LoggerFactory.getLogger(ImagePuller.class);

    private final ContainerRuntime runtime;
    private final PullBehavior behavior;
    private final RegistryCredentials credentials;
    private final Set<String> pulled = ConcurrentHashMap.newKeySet();
    private final Runnable pulledChanged;

    /** @param credentials null: every pull is anonymous */
    public ImagePuller(ContainerRuntime runtime, PullBehavior behavior, RegistryCredentials credentials) {
        this(runtime, behavior, credentials, List.of(), () -> { });
    }

    /**
     * @param pulledBefore images this agent pulled before a restart (from its state file)
     * @param pulledChanged told when an image joins {@link #pulled()}, so the state gets saved
     */
    public ImagePuller(ContainerRuntime runtime, PullBehavior behavior, RegistryCredentials credentials,
            Collection<String> pulledBefore, Runnable pulledChanged) {
        this.runtime = runtime;
        this.behavior = behavior;
        this.credentials = credentials;
        this.pulled.addAll(pulledBefore);
        this.pulledChanged = pulledChanged;
    }

    /** The images this agent has pulled, sorted: what {@code once} remembers across restarts. */
    public List<String> pulled() {
        return pulled.stream().sorted().toList();
    }

    /** Makes {@code image} present as the behaviour says; returns whether it pulled. */
    public boolean pull(String image, JsonNode registryAuthentication) {
        switch (behavior) {
            case PREFER_CACHED -> {
                if (runtime.imagePresent(image)) return false;
            }
            case ONCE -> {
                if (pulled.contains(image) && runtime.imagePresent(image)) return false;
            }
            case ALWAYS, DEFAULT -> { }
        }
        try {
            runtime.pullImage(image, auth(image, registryAuthentication));
            if (pulled.add(image)) pulledChanged.run();
            return true;
        } catch (RuntimeFailure e) {
            if (behavior == PullBehavior.DEFAULT && runtime.imagePresent(image)) {
                log.warn("pulling {} failed ({}); using the cached image", image, e.getMessage());
                return false;
            }
            throw e;
        }
    }

    private RegistryAuth auth(String image, JsonNode registryAuthentication) {
        if (credentials == null) return null;
        try {
            return credentials.forImage(image, registryAuthentication).orElse(null);
        } catch (EcsApiException e) {
            throw new RuntimeFailure("cannot get registry credentials for " + image + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeFailure("interrupted while getting registry credentials for " + image, e);
        }
    }
}
