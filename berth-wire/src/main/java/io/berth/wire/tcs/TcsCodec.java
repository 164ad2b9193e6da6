package io.berth.wire.tcs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * TCS frames. The agent writes each as signed HTTP-style header lines, a blank line, then JSON
 * {@code {"type":"PublishHealthRequest","message":{...}}}; this class handles the JSON part.
 */
public final class TcsCodec {
    private static final ObjectMapper MAPPER =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private TcsCodec() {}

    /** The JSON {@code {"type":…,"message":…}} of a frame. */
    public static ObjectNode encode(String type, Object message) {
        ObjectNode frame = MAPPER.createObjectNode().put("type", type);
        frame.set("message", MAPPER.valueToTree(message));
        return frame;
    }

    /** The JSON after the header lines of a frame (the whole text when there are none). */
    public static String body(String frame) {
        int crlf = frame.indexOf("\r\n\r\n");
        if (crlf >= 0) return frame.substring(crlf + 4);
        int lf = frame.indexOf("\n\n");
        return lf >= 0 ? frame.substring(lf + 2) : frame;
    }

    /**
     * The health report in a frame, or empty when the frame is of another type.
     *
     * @throws IllegalArgumentException when the JSON cannot be read
     */
    public static Optional<PublishHealthRequest> health(String frame) {
        try {
            JsonNode root = MAPPER.readTree(body(frame));
            if (root == null || !PublishHealthRequest.TYPE.equals(root.path("type").asText())) return Optional.empty();
            return Optional.of(MAPPER.treeToValue(root.path("message"), PublishHealthRequest.class));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a TCS frame: " + e.getOriginalMessage());
        }
    }
}
