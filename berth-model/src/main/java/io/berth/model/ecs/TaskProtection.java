package io.berth.model.ecs;

import java.time.Instant;

/** Scale-in protection of one task: while enabled and not expired, service scale-in and deployments leave it running. */
public record TaskProtection(String taskArn, boolean protectionEnabled, Instant expirationDate) {
    public boolean activeAt(Instant now) {
        return protectionEnabled && (expirationDate == null || expirationDate.isAfter(now));
    }
}
