package io.berth.agent.runtime;

/** A published port as ECS reports it: {@code {bindIP, containerPort, hostPort, protocol}}. */
public record NetworkBinding(String bindIP, int containerPort, int hostPort, String protocol) {
    public NetworkBinding {
        protocol = protocol == null ? "tcp" : protocol;
    }
}
