package io.berth.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.agent.api.EcsApiClient;
import io.berth.agent.api.EcsApiException;
import io.berth.agent.api.RegistrationRequest;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the container instance: {@code RegisterContainerInstance}, creating the cluster first if
 * the server says it does not exist, retrying while the server cannot be reached.
 */
final class Registration {
    private static final Logger log = LoggerFactory.getLogger(Registration.class);

    private Registration() {}

    static String register(EcsApiClient api, RegistrationRequest.Input input, Duration timeout)
            throws EcsApiException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long backoff = 200;
        boolean createdCluster = false;
        while (true) {
            try {
                JsonNode resp = api.call("RegisterContainerInstance", RegistrationRequest.body(input));
                JsonNode instance = resp.path("containerInstance");
                String arn = instance.path("containerInstanceArn").asText(null);
                if (arn == null || arn.isEmpty()) {
                    throw new EcsApiException("ServerException", "registration answer has no containerInstanceArn", 200, null);
                }
                warnAboutMissingAttributes(input, instance);
                return arn;
            } catch (EcsApiException e) {
                if (e.errorType().equals("ClusterNotFoundException") && !createdCluster) {
                    log.info("cluster {} does not exist; creating it", input.cluster());
                    api.call("CreateCluster", Map.of("clusterName", input.cluster()));
                    createdCluster = true;
                    continue;
                }
                if (!e.retryable() || System.nanoTime() > deadline) throw e;
                log.info("registration failed, retrying: {}", e.getMessage());
            }
            Thread.sleep(backoff);
            backoff = Math.min(5000, backoff * 2);
        }
    }

    /** The ECS agent refuses a registration whose answer lacks attributes it sent; Berth only warns. */
    private static void warnAboutMissingAttributes(RegistrationRequest.Input input, JsonNode instance) {
        if (!instance.has("attributes")) return;
        Set<String> got = new HashSet<>();
        instance.path("attributes").forEach(a -> got.add(a.path("name").asText()));
        Set<String> missing = new HashSet<>(RegistrationRequest.attributes(input).keySet());
        missing.removeAll(got);
        if (!missing.isEmpty()) log.warn("registration answer lacks attributes {}", missing);
    }

    static String newClientToken() {
        return UUID.randomUUID().toString();
    }
}
