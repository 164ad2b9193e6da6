package io.berth.server.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.server.ecs.Ops;
import io.berth.server.state.Keys;
import io.berth.wire.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * DeleteSecret and RestoreSecret. Deleting schedules the secret's end after a recovery window of 7
 * to 30 days (30 by default), during which it can be described and restored but not read or
 * changed; {@link SecretPurger} removes it afterwards. ForceDeleteWithoutRecovery removes it at
 * once, and, as in AWS, does not fail for a secret that does not exist.
 */
final class DeletionOps implements Ops {
    private static final long MIN_DAYS = 7;
    private static final long MAX_DAYS = 30;
    private final SecretsContext ctx;

    DeletionOps(SecretsContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void register(Map<String, Op> ops) {
        ops.put("DeleteSecret", (in, r) -> delete(in));
        ops.put("RestoreSecret", (in, r) -> restore(in.get("SecretId").asText()));
    }

    private ObjectNode delete(JsonNode in) {
        String id = in.get("SecretId").asText();
        boolean force = in.path("ForceDeleteWithoutRecovery").asBoolean(false);
        boolean window = in.hasNonNull("RecoveryWindowInDays");
        if (force && window) {
            throw SecretErrors.invalidParameter("You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
        }
        long days = window ? in.get("RecoveryWindowInDays").asLong() : MAX_DAYS;
        if (days < MIN_DAYS || days > MAX_DAYS) {
            throw SecretErrors.invalidParameter("The RecoveryWindowInDays value must be between " + MIN_DAYS + " and " + MAX_DAYS + " days (inclusive).");
        }
        return ctx.committer().write(tx -> {
            Instant now = ctx.clock().instant();
            Optional<Secret> found = SecretIds.find(tx.state(), ctx.arns(), id);
            if (force) {
                found.ifPresent(s -> tx.delete(Keys.secret(s.name())));
                String arn = found.map(Secret::arn).orElse(id.startsWith("arn:") ? id : null);
                return reply(arn, found.map(Secret::name).orElse(id.startsWith("arn:") ? null : id), now);
            }
            Secret s = found.orElseThrow(SecretErrors::notFound);
            if (s.deleted()) throw SecretErrors.markedForDeletion();
            Instant end = now.plus(Duration.ofDays(days));
            tx.put(Keys.secret(s.name()), s.withDeletion(now, end));
            return reply(s.arn(), s.name(), end);
        });
    }

    private ObjectNode restore(String id) {
        return ctx.committer().write(tx -> {
            Secret s = SecretIds.require(tx.state(), ctx.arns(), id);
            if (s.deleted()) tx.put(Keys.secret(s.name()), s.withDeletion(null, null));
            return SecretRequests.reply(s.arn(), s.name(), null, null);
        });
    }

    private static ObjectNode reply(String arn, String name, Instant deletion) {
        ObjectNode o = SecretRequests.reply(arn, name, null, null);
        o.set("DeletionDate", Json.tree(deletion));
        return o;
    }
}
