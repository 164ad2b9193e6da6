package io.berth.agent.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.exception.DockerException;

/** Docker's own error text out of docker-java's "Status 404: {"message":"..."}" exceptions. */
final class DockerMessages {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DockerMessages() {}

    static String of(DockerException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        int brace = m.indexOf('{');
        if (brace >= 0) {
            try {
                JsonNode n = MAPPER.readTree(m.substring(brace));
                if (n.hasNonNull("message")) return n.get("message").asText().strip();
            } catch (Exception ignored) {
                // not JSON after all: use the text as it is
            }
        }
        return m.replaceFirst("^Status \\d+: ", "").strip();
    }
}
