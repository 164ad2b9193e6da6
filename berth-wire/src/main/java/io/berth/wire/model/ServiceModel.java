package io.berth.wire.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.wire.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An AWS service model (botocore's {@code service-2.json}): operations and the shapes of their
 * inputs and outputs. Loaded once from the classpath; immutable and thread-safe.
 */
public final class ServiceModel {
    private static final Map<String, ServiceModel> LOADED = new ConcurrentHashMap<>();

    private final JsonNode root;

    private ServiceModel(JsonNode root) {
        this.root = root;
    }

    /** The model named {@code name} (e.g. "ecs") from {@code io/berth/wire/models/<name>.json}. */
    public static ServiceModel load(String name) {
        return LOADED.computeIfAbsent(name, n -> {
            String path = "/io/berth/wire/models/" + n + ".json";
            try (InputStream in = ServiceModel.class.getResourceAsStream(path)) {
                if (in == null) throw new IllegalArgumentException("no service model " + path);
                return new ServiceModel(Json.MAPPER.readTree(in));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    public String targetPrefix() {
        return root.path("metadata").path("targetPrefix").asText();
    }

    public Iterable<String> operationNames() {
        return () -> root.path("operations").fieldNames();
    }

    public boolean hasOperation(String name) {
        return root.path("operations").has(name);
    }

    public Optional<String> inputShape(String operation) {
        return Optional.ofNullable(root.path("operations").path(operation).path("input").path("shape").textValue());
    }

    public Optional<String> outputShape(String operation) {
        return Optional.ofNullable(root.path("operations").path(operation).path("output").path("shape").textValue());
    }

    /** The raw shape definition; throws for an unknown name (the model is consistent). */
    public JsonNode shape(String name) {
        JsonNode s = root.path("shapes").get(name);
        if (s == null) throw new IllegalArgumentException("no shape " + name);
        return s;
    }
}
