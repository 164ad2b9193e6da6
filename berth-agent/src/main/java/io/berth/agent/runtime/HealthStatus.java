package io.berth.agent.runtime;

/** A container's health as ECS names it; only containers with a health check have one. */
public enum HealthStatus {
    HEALTHY,
    UNHEALTHY,
    /** Docker's {@code starting}: the check has not decided yet. */
    UNKNOWN;

    /**
     * Docker's {@code State.Health.Status} or the suffix of a {@code health_status: …} event; null for
     * {@code none}, empty or null (no health check).
     */
    public static HealthStatus fromDocker(String status) {
        if (status == null) return null;
        return switch (status.strip()) {
            case "healthy" -> HEALTHY;
            case "unhealthy" -> UNHEALTHY;
            case "starting" -> UNKNOWN;
            default -> null;
        };
    }
}
