package io.berth.server.secrets;

import static io.berth.server.secrets.SecretRequests.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.server.ecs.Ops;
import io.berth.server.state.Keys;
import io.berth.wire.Json;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * GetSecretValue and DescribeSecret. A secret scheduled for deletion can be described but not read.
 * Reading records the day of access (LastAccessedDate is a date in Secrets Manager), so a secret
 * read all day costs one write a day, made by the first read of the day.
 */
final class ReadOps implements Ops {
    private final SecretsContext ctx;

    ReadOps(SecretsContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void register(Map<String, Op> ops) {
        ops.put("GetSecretValue", (in, r) -> value(in));
        ops.put("DescribeSecret", (in, r) -> SecretViews.describe(SecretIds.require(ctx.state(), ctx.arns(), in.get("SecretId").asText())));
    }

    private ObjectNode value(JsonNode in) {
        Secret s = SecretIds.requireLive(ctx.state(), ctx.arns(), in.get("SecretId").asText());
        SecretVersion v = pick(s, text(in, "VersionId"), text(in, "VersionStage"));
        touch(s);
        ObjectNode out = SecretRequests.reply(s.arn(), s.name(), v.versionId(), null);
        if (v.secretString() != null) out.put("SecretString", v.secretString());
        if (v.secretBinary() != null) out.put("SecretBinary", v.secretBinary());
        out.set("VersionStages", Json.tree(v.stages()));
        out.set("CreatedDate", Json.tree(v.createdDate()));
        return out;
    }

    /** The version a request names by id, label, or both (which must agree); AWSCURRENT by default. */
    static SecretVersion pick(Secret s, String versionId, String stage) {
        if (versionId != null) {
            SecretVersion v = s.version(versionId).orElseThrow(() -> SecretErrors.valueNotFound("VersionId: " + versionId));
            if (stage != null && !v.has(stage)) throw SecretErrors.valueNotFound("VersionId: " + versionId + " and staging label: " + stage);
            return v;
        }
        String label = stage == null ? Versions.CURRENT : stage;
        return s.staged(label).orElseThrow(() -> SecretErrors.valueNotFound("staging label: " + label));
    }

    private void touch(Secret read) {
        Instant today = ctx.clock().instant().truncatedTo(ChronoUnit.DAYS);
        if (today.equals(read.lastAccessedDate())) return;
        ctx.committer().write(tx -> {
            tx.state().get(Keys.secret(read.name()), Secret.class)
                    .filter(s -> s.arn().equals(read.arn()) && !today.equals(s.lastAccessedDate()))
                    .ifPresent(s -> tx.put(Keys.secret(s.name()), s.withLastAccessed(today)));
            return null;
        });
    }
}
