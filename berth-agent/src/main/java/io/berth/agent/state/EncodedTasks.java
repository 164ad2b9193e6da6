package io.berth.agent.state;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.berth.agent.engine.TaskRecord;
import io.berth.wire.acs.AcsTask;
import java.io.IOException;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Task records as state-file JSON, each encoded once. Every save writes all of a host's tasks, most
 * of them unchanged since the last save, and a changed one keeps the task definition ACS sent (the
 * bulk of its text). Records and definitions are immutable, so text made for an earlier save still
 * holds. Kept by identity (records compare by value, which would walk the whole definition) and only
 * for the tasks of the last save. Used by {@link StateFile}'s one writer.
 */
final class EncodedTasks {
    private static final String ATTRIBUTE = EncodedTasks.class.getName();

    // one set for all hosts in a JVM: a mapper builds its serializers once, on first use
    private static final ObjectMapper PLAIN = StateFile.MAPPER;
    private static final ObjectWriter DEFINITIONS = PLAIN.writer();
    private static final ObjectWriter RECORDS = PLAIN.copy().registerModule(new SimpleModule()
            .addSerializer(AcsTask.class, new Cached<>(AcsTask.class, PLAIN))).writer(); // a record with its definition's text
    private static final ObjectWriter STATE = PLAIN.copy().registerModule(new SimpleModule()
            .addSerializer(TaskRecord.class, new Cached<>(TaskRecord.class, PLAIN))).writer(); // the state with its records' texts

    private Map<Object, SerializableString> last = new IdentityHashMap<>();

    /** {@code s} as {@link StateFile#MAPPER} would write it, encoding only what changed since the last call. */
    byte[] bytes(AgentState s) throws JsonProcessingException {
        Map<Object, SerializableString> next = new IdentityHashMap<>(s.tasks().size() * 4);
        for (TaskRecord t : s.tasks()) {
            next.put(t.definition(), reuse(t.definition(), DEFINITIONS, next));
            next.put(t, reuse(t, RECORDS, next));
        }
        last = next;
        return STATE.withAttribute(ATTRIBUTE, next).writeValueAsBytes(s);
    }

    private SerializableString reuse(Object value, ObjectWriter writer, Map<Object, SerializableString> next)
            throws JsonProcessingException {
        SerializableString text = last.get(value);
        return text != null ? text : new SerializedString(writer.withAttribute(ATTRIBUTE, next).writeValueAsString(value));
    }

    /** Writes a value as the text made for it in this save, or as {@code plain} would when there is none. */
    private static final class Cached<T> extends StdSerializer<T> {
        private final transient ObjectMapper plain;

        Cached(Class<T> type, ObjectMapper plain) {
            super(type);
            this.plain = plain;
        }

        @Override
        public void serialize(T value, JsonGenerator g, SerializerProvider provider) throws IOException {
            Object texts = provider.getAttribute(ATTRIBUTE);
            SerializableString text = texts instanceof Map<?, ?> m ? (SerializableString) m.get(value) : null;
            if (text != null) g.writeRawValue(text);
            else plain.writeValue(g, value);
        }
    }
}
