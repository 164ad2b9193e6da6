package io.berth.server.secrets;

import static io.berth.server.secrets.SecretRequests.reply;
import static io.berth.server.secrets.SecretRequests.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.server.ecs.Ops;
import io.berth.server.state.Keys;
import io.berth.server.state.Tx;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * CreateSecret, PutSecretValue and UpdateSecret: the writes that make versions. The
 * ClientRequestToken becomes the new version's id, which makes retries idempotent: a token that
 * names a version with the same value changes nothing, one with another value is refused.
 */
final class ValueOps implements Ops {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9/_+=.@-]+");
    private final SecretsContext ctx;

    ValueOps(SecretsContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void register(Map<String, Op> ops) {
        ops.put("CreateSecret", (in, r) -> create(in));
        ops.put("PutSecretValue", (in, r) -> put(in));
        ops.put("UpdateSecret", (in, r) -> update(in));
    }

    private ObjectNode create(JsonNode in) {
        String name = in.get("Name").asText();
        if (!NAME.matcher(name).matches()) {
            throw SecretErrors.invalidParameter("Invalid name. A secret name may contain only ASCII letters, numbers and the characters /_+=.@-");
        }
        List<SecretTag> tags = TagOps.parse(in.path("Tags"));
        SecretValue value = SecretValue.of(in);
        String token = SecretRequests.token(in);
        return ctx.committer().write(tx -> {
            Optional<Secret> existing = tx.state().get(Keys.secret(name), Secret.class);
            if (existing.isPresent()) return retried(existing.get(), token, value);
            Instant now = ctx.clock().instant();
            List<SecretVersion> versions = value.present()
                    ? List.of(new SecretVersion(token, value.string(), value.binary(), List.of(Versions.CURRENT), now)) : List.of();
            Secret s = new Secret(ctx.arns().fresh(name), name, text(in, "Description"), text(in, "KmsKeyId"), tags, versions,
                    now, now, null, null, null);
            tx.put(Keys.secret(name), s);
            return reply(s.arn(), name, value.present() ? token : null, null);
        });
    }

    /** CreateSecret for a name in use: the same request again (same token and value) succeeds, anything else fails. */
    private static ObjectNode retried(Secret s, String token, SecretValue value) {
        if (s.deleted()) {
            throw SecretErrors.invalidRequest("You can't create this secret because a secret with this name is already scheduled for deletion.");
        }
        if (value.present() && s.version(token).filter(v -> v.holds(value)).isPresent()) return reply(s.arn(), s.name(), token, null);
        throw SecretErrors.exists("The operation failed because the secret " + s.name() + " already exists.");
    }

    private ObjectNode put(JsonNode in) {
        SecretValue value = SecretValue.of(in);
        if (!value.present()) throw SecretErrors.invalidParameter("You must provide either SecretString or SecretBinary.");
        List<String> stages = in.has("VersionStages") ? SecretRequests.strings(in.get("VersionStages")) : List.of(Versions.CURRENT);
        String token = SecretRequests.token(in);
        return ctx.committer().write(tx -> {
            Secret s = SecretIds.requireLive(tx.state(), ctx.arns(), in.get("SecretId").asText());
            SecretVersion v = addVersion(tx, s, token, value, stages);
            return reply(s.arn(), s.name(), v.versionId(), v.stages());
        });
    }

    private ObjectNode update(JsonNode in) {
        SecretValue value = SecretValue.of(in);
        String token = SecretRequests.token(in);
        return ctx.committer().write(tx -> {
            Secret s = SecretIds.requireLive(tx.state(), ctx.arns(), in.get("SecretId").asText());
            Secret changed = s.withDetails(in.has("Description") ? text(in, "Description") : s.description(),
                    in.has("KmsKeyId") ? text(in, "KmsKeyId") : s.kmsKeyId(), ctx.clock().instant());
            tx.put(Keys.secret(s.name()), changed);
            if (!value.present()) return reply(s.arn(), s.name(), null, null);
            return reply(s.arn(), s.name(), addVersion(tx, changed, token, value, List.of(Versions.CURRENT)).versionId(), null);
        });
    }

    /** Adds a version with id {@code token} unless it exists with the same value; returns the version as stored. */
    private SecretVersion addVersion(Tx tx, Secret s, String token, SecretValue value, List<String> stages) {
        Optional<SecretVersion> same = s.version(token);
        if (same.isPresent()) {
            if (!same.get().holds(value)) throw SecretErrors.versionExists(token);
            return same.get();
        }
        Instant now = ctx.clock().instant();
        SecretVersion v = new SecretVersion(token, value.string(), value.binary(), stages, now);
        tx.put(Keys.secret(s.name()), s.withVersions(Versions.add(s.versions(), v), now));
        return v;
    }
}
