package io.berth.server.secrets;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.wire.Json;
import java.time.Instant;

/** A secret's details as DescribeSecret and ListSecrets show them; never its value. */
final class SecretViews {
    private SecretViews() {}

    static ObjectNode describe(Secret s) {
        return view(s, "VersionIdsToStages");
    }

    static ObjectNode listEntry(Secret s) {
        return view(s, "SecretVersionsToStages");
    }

    /** The two shapes differ only in the name of the version map. */
    private static ObjectNode view(Secret s, String versionsMember) {
        ObjectNode o = Json.object();
        o.put("ARN", s.arn());
        o.put("Name", s.name());
        if (s.description() != null) o.put("Description", s.description());
        if (s.kmsKeyId() != null) o.put("KmsKeyId", s.kmsKeyId());
        date(o, "CreatedDate", s.createdDate());
        date(o, "LastChangedDate", s.lastChangedDate());
        date(o, "LastAccessedDate", s.lastAccessedDate());
        date(o, "DeletedDate", s.deletedDate());
        if (!s.tags().isEmpty()) o.set("Tags", Json.tree(s.tags()));
        ObjectNode versions = o.putObject(versionsMember);
        for (SecretVersion v : s.versions()) {
            if (!v.stages().isEmpty()) versions.set(v.versionId(), Json.tree(v.stages()));
        }
        return o;
    }

    private static void date(ObjectNode o, String member, Instant when) {
        if (when != null) o.set(member, Json.tree(when));
    }
}
