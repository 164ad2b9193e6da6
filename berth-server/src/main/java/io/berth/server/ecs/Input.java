package io.berth.server.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.wire.AwsException;
import java.util.ArrayList;
import java.util.List;

/** Small readers for request members already checked against the model's types. */
final class Input {
    private Input() {}

    static String str(JsonNode in, String member) {
        JsonNode v = in.get(member);
        return v == null || v.isNull() ? null : v.asText();
    }

    static String str(JsonNode in, String member, String fallback) {
        String s = str(in, member);
        return s == null || s.isEmpty() ? fallback : s;
    }

    static String required(JsonNode in, String member) {
        String s = str(in, member);
        if (s == null || s.isBlank()) throw AwsException.invalidParameter(member + " must not be empty.");
        return s;
    }

    static int integer(JsonNode in, String member, int fallback) {
        JsonNode v = in.get(member);
        return v == null || v.isNull() ? fallback : v.asInt();
    }

    static boolean bool(JsonNode in, String member, boolean fallback) {
        JsonNode v = in.get(member);
        return v == null || v.isNull() ? fallback : v.asBoolean();
    }

    static List<String> strings(JsonNode in, String member) {
        List<String> out = new ArrayList<>();
        for (JsonNode v : in.path(member)) out.add(v.asText());
        return out;
    }

    /** The cluster a request names, or "default". */
    static String cluster(JsonNode in) {
        return str(in, "cluster", "default");
    }
}
