package io.berth.server.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiPredicate;

/**
 * One ListSecrets filter: a key and values, each a prefix to match; a value starting with
 * {@code !} must not match. A secret passes a filter when some plain value matches (or there is
 * none) and no negated one does; it must pass every filter of the request. {@code description}
 * and {@code all} ignore case; {@code all} looks for each word of a value in every attribute.
 */
record SecretFilter(String key, List<String> values, List<String> negated) {

    static List<SecretFilter> of(JsonNode filters) {
        List<SecretFilter> out = new ArrayList<>();
        for (JsonNode f : filters) {
            List<String> values = new ArrayList<>();
            List<String> negated = new ArrayList<>();
            for (JsonNode v : f.path("Values")) {
                String s = v.asText();
                if (s.startsWith("!")) negated.add(s.substring(1));
                else values.add(s);
            }
            String key = f.path("Key").asText("");
            if (key.isEmpty()) throw SecretErrors.invalidParameter("Each filter needs a Key.");
            out.add(new SecretFilter(key, values, negated));
        }
        return out;
    }

    boolean matches(Secret s) {
        BiPredicate<Secret, String> test = switch (key) {
            case "name" -> (x, v) -> x.name().startsWith(v);
            case "description" -> (x, v) -> x.description() != null && lower(x.description()).startsWith(lower(v));
            case "tag-key" -> (x, v) -> x.tags().stream().anyMatch(t -> t.key().startsWith(v));
            case "tag-value" -> (x, v) -> x.tags().stream().anyMatch(t -> t.value().startsWith(v));
            case "all" -> SecretFilter::anyAttribute;
            default -> (x, v) -> false; // primary-region, owning-service: Berth has no replicas or managed secrets
        };
        boolean some = values.isEmpty() || values.stream().anyMatch(v -> test.test(s, v));
        return some && negated.stream().noneMatch(v -> test.test(s, v));
    }

    private static boolean anyAttribute(Secret s, String value) {
        List<String> attributes = new ArrayList<>(List.of(s.name()));
        if (s.description() != null) attributes.add(s.description());
        s.tags().forEach(t -> {
            attributes.add(t.key());
            attributes.add(t.value());
        });
        for (String word : lower(value).split("\\s+")) {
            if (word.isEmpty()) continue;
            if (attributes.stream().noneMatch(a -> words(a).stream().anyMatch(w -> w.startsWith(word)) || lower(a).startsWith(word))) return false;
        }
        return true;
    }

    private static List<String> words(String attribute) {
        return List.of(lower(attribute).split("[^a-z0-9]+"));
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
