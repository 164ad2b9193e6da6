package io.berth.registry.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.registry.Names;
import io.berth.registry.auth.Tokens;
import io.berth.registry.meta.RepositoryRecord;
import io.berth.wire.AwsException;
import io.berth.wire.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** CreateRepository, DescribeRepositories, DeleteRepository and GetAuthorizationToken. */
final class RepositoryOps implements EcrApi.Group {
    private final EcrContext ctx;

    RepositoryOps(EcrContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void register(Map<String, Function<JsonNode, Object>> ops) {
        ops.put("CreateRepository", this::create);
        ops.put("DescribeRepositories", this::describe);
        ops.put("DeleteRepository", this::delete);
        ops.put("GetAuthorizationToken", this::token);
    }

    private Object create(JsonNode in) {
        String name = in.path("repositoryName").asText();
        if (!Names.validRepository(name)) {
            throw AwsException.invalidParameter("Invalid parameter at 'repositoryName' failed to satisfy constraint: "
                    + "'must satisfy regular expression '" + Names.REPOSITORY_PATTERN + "''");
        }
        JsonNode scanning = in.has("imageScanningConfiguration") ? in.get("imageScanningConfiguration")
                : Json.object().put("scanOnPush", false);
        JsonNode encryption = in.has("encryptionConfiguration") ? in.get("encryptionConfiguration")
                : Json.object().put("encryptionType", "AES256");
        String mutability = in.path("imageTagMutability").asText("MUTABLE");
        JsonNode exclusions = PolicyOps.exclusionFilters(mutability, in.get("imageTagMutabilityExclusionFilters"));
        RepositoryRecord r = new RepositoryRecord(name, ctx.repositoryArn(name), ctx.account(), ctx.clock().instant(),
                mutability, exclusions, scanning, encryption,
                PolicyOps.tags(in.path("tags")), null, null, null, false);
        ctx.meta().createRepo(r);
        return Map.of("repository", view(ctx, r));
    }

    private Object describe(JsonNode in) {
        Paging.refuseWithList(in, "repositoryNames");
        Paging<RepositoryRecord> p;
        if (in.has("repositoryNames")) {
            List<RepositoryRecord> repos = new ArrayList<>();
            for (String n : EcrApi.strings(in.get("repositoryNames"))) repos.add(ctx.repo(n));
            p = Paging.whole(repos);
        } else {
            p = Paging.of(ctx.meta().repos(), RepositoryRecord::name, "DescribeRepositories", "", in, 100);
        }
        ObjectNode out = Json.object();
        var arr = out.putArray("repositories");
        p.page().forEach(r -> arr.add(view(ctx, r)));
        if (p.nextToken() != null) out.put("nextToken", p.nextToken());
        return out;
    }

    private Object delete(JsonNode in) {
        String name = in.path("repositoryName").asText();
        ctx.repo(name);
        RepositoryRecord r = ctx.meta().deleteRepo(name, in.path("force").asBoolean(false));
        ctx.uploads().dropRepository(name);
        return Map.of("repository", view(ctx, r));
    }

    private Object token(JsonNode in) {
        Tokens.Issued t = ctx.tokens().issue();
        ObjectNode data = Json.object();
        data.put("authorizationToken", Tokens.basic(t.token()));
        data.set("expiresAt", Json.tree(t.expiresAt()));
        data.put("proxyEndpoint", "http://" + ctx.registryHost());
        ObjectNode out = Json.object();
        out.putArray("authorizationData").add(data);
        return out;
    }

    static ObjectNode view(EcrContext ctx, RepositoryRecord r) {
        ObjectNode o = Json.object();
        o.put("repositoryArn", r.arn());
        o.put("registryId", r.registryId());
        o.put("repositoryName", r.name());
        o.put("repositoryUri", ctx.repositoryUri(r.name()));
        o.set("createdAt", Json.tree(r.createdAt()));
        o.put("imageTagMutability", r.imageTagMutability());
        if (r.imageTagMutabilityExclusionFilters() != null) o.set("imageTagMutabilityExclusionFilters", r.imageTagMutabilityExclusionFilters());
        o.set("imageScanningConfiguration", r.imageScanningConfiguration());
        o.set("encryptionConfiguration", r.encryptionConfiguration());
        return o;
    }
}
