package io.berth.agent;

import io.berth.wire.acs.IamRoleCredentials;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Role credentials ACS sent, by credentials id; kept in memory only, as the ECS agent does. */
public final class CredentialsStore {
    public record Entry(String taskArn, String roleType, IamRoleCredentials credentials) {}

    private final Map<String, Entry> byId = new ConcurrentHashMap<>();

    public void put(String taskArn, String roleType, IamRoleCredentials credentials) {
        if (credentials.credentialsId() != null) byId.put(credentials.credentialsId(), new Entry(taskArn, roleType, credentials));
    }

    public Optional<Entry> get(String credentialsId) {
        return Optional.ofNullable(byId.get(credentialsId));
    }

    public void removeTask(String taskArn) {
        byId.values().removeIf(e -> taskArn.equals(e.taskArn()));
    }
}
