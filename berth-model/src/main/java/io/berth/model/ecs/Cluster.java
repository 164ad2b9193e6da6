package io.berth.model.ecs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A cluster as stored. Counters (instances, tasks, services) are not stored: they are derived from
 * the tasks and instances when the cluster is described.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Cluster(
        String clusterArn,
        String clusterName,
        String status,
        List<Tag> tags,
        List<KeyValuePair> settings,
        JsonNode configuration,
        List<String> capacityProviders,
        List<JsonNode> defaultCapacityProviderStrategy,
        JsonNode serviceConnectDefaults) {

    public Cluster withStatus(String s) {
        return new Cluster(clusterArn, clusterName, s, tags, settings, configuration, capacityProviders,
                defaultCapacityProviderStrategy, serviceConnectDefaults);
    }

    public Cluster withTags(List<Tag> t) {
        return new Cluster(clusterArn, clusterName, status, t, settings, configuration, capacityProviders,
                defaultCapacityProviderStrategy, serviceConnectDefaults);
    }

    public Cluster withSettings(List<KeyValuePair> s) {
        return new Cluster(clusterArn, clusterName, status, tags, s, configuration, capacityProviders,
                defaultCapacityProviderStrategy, serviceConnectDefaults);
    }

    public Cluster withConfiguration(JsonNode c, JsonNode scd) {
        return new Cluster(clusterArn, clusterName, status, tags, settings, c, capacityProviders,
                defaultCapacityProviderStrategy, scd);
    }
}
