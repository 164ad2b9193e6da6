package io.berth.wire.acs;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/**
 * Encodes and decodes ACS frames: {@code {"type":"PayloadMessage","message":{...}}}. Error frames
 * ({@code {"InactiveInstanceException":"..."}}) decode to {@link AcsError}.
 */
public final class AcsCodec {
    private static final ObjectMapper MAPPER =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private static final Map<String, Class<? extends AcsMessage>> TYPES = Map.ofEntries(
            Map.entry("PayloadMessage", PayloadMessage.class),
            Map.entry("AckRequest", AckRequest.class),
            Map.entry("NackRequest", NackRequest.class),
            Map.entry("HeartbeatMessage", HeartbeatMessage.class),
            Map.entry("HeartbeatAckRequest", HeartbeatAckRequest.class),
            Map.entry("TaskManifestMessage", TaskManifestMessage.class),
            Map.entry("TaskStopVerificationMessage", TaskStopVerificationMessage.class),
            Map.entry("TaskStopVerificationAck", TaskStopVerificationAck.class),
            Map.entry("IAMRoleCredentialsMessage", IAMRoleCredentialsMessage.class),
            Map.entry("IAMRoleCredentialsAckRequest", IAMRoleCredentialsAckRequest.class),
            Map.entry("CloseMessage", CloseMessage.class));

    private AcsCodec() {}

    public static String encode(AcsMessage message) {
        // written straight to text: a tree first (valueToTree) would build every payload twice
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("type", message.type());
            g.writeFieldName("message");
            MAPPER.writeValue(g, message);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + message.type(), e);
        }
        return out.toString();
    }

    /** An error frame as the ACS service sends it, e.g. {@code {"InactiveInstanceException":"..."}}. */
    public static String encodeError(String exceptionName, String message) {
        return MAPPER.createObjectNode().put(exceptionName, message).toString();
    }

    /**
     * Decodes one frame. Returns empty for a well-formed frame of a type this codec does not know.
     *
     * @throws AcsError for an error frame
     * @throws IllegalArgumentException for text that is not a frame
     */
    public static Optional<AcsMessage> decode(String text) {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) throw new IllegalArgumentException("frame is not a JSON object");
        JsonNode type = root.get("type");
        if (type == null || !type.isTextual()) {
            if (root.size() == 1) {
                var field = root.fields().next();
                if (field.getKey().endsWith("Exception")) throw new AcsError(field.getKey(), field.getValue().asText());
            }
            throw new IllegalArgumentException("frame has no type");
        }
        Class<? extends AcsMessage> cls = TYPES.get(type.asText());
        if (cls == null) return Optional.empty();
        JsonNode message = root.get("message");
        try {
            return Optional.of(MAPPER.treeToValue(message == null ? MAPPER.createObjectNode() : message, cls));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("bad " + type.asText() + ": " + e.getOriginalMessage());
        }
    }

    /** An error frame from the server. */
    public static final class AcsError extends RuntimeException {
        private final String exceptionName;

        public AcsError(String exceptionName, String message) {
            super(exceptionName + ": " + message);
            this.exceptionName = exceptionName;
        }

        public String exceptionName() {
            return exceptionName;
        }
    }
}
