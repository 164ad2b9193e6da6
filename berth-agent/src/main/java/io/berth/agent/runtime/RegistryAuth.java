package io.berth.agent.runtime;

/** Credentials for one registry, as a pull hands them to the engine. */
public record RegistryAuth(String username, String password, String serverAddress) {
    @Override
    public String toString() {
        return "RegistryAuth[" + username + "@" + serverAddress + "]";
    }
}
