package io.berth.wire.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.wire.AwsException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks a request document against an operation's input shape: required members, JSON types,
 * string and list lengths, string patterns (matching the whole value, as AWS's validation does),
 * numeric ranges and enum values. Unknown members are ignored, as AWS services do. Problems are
 * reported together in one {@code InvalidParameterException} whose message follows AWS's
 * "N validation errors detected: ..." form.
 */
public final class InputValidator {
    private static final int MAX_REPORTED = 10;
    private final ServiceModel model;
    /** Compiled model patterns; empty for one Java cannot compile, which is then not checked. */
    private final Map<String, Optional<Pattern>> patterns = new ConcurrentHashMap<>();

    public InputValidator(ServiceModel model) {
        this.model = model;
    }

    public void validate(String operation, JsonNode input) {
        String shape = model.inputShape(operation).orElse(null);
        if (shape == null) return;
        List<String> errors = new ArrayList<>();
        check(shape, input, "", errors);
        if (!errors.isEmpty()) {
            int n = errors.size();
            String head = n + " validation error" + (n == 1 ? "" : "s") + " detected: ";
            throw AwsException.invalidParameter(head + String.join("; ", errors.subList(0, Math.min(n, MAX_REPORTED))));
        }
    }

    private void check(String shapeName, JsonNode value, String path, List<String> errors) {
        JsonNode shape = model.shape(shapeName);
        String type = shape.path("type").asText();
        if (value == null || value.isNull()) return;
        String where = path.isEmpty() ? "request" : "'" + path + "'";
        switch (type) {
            case "structure" -> {
                if (!value.isObject()) {
                    errors.add("Value at " + where + " must be an object");
                    return;
                }
                for (JsonNode req : shape.path("required")) {
                    JsonNode v = value.get(req.asText());
                    if (v == null || v.isNull()) {
                        errors.add("Value null at '" + join(path, req.asText()) + "' failed to satisfy constraint: Member must not be null");
                    }
                }
                JsonNode members = shape.path("members");
                for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                    var e = it.next();
                    JsonNode member = members.get(e.getKey());
                    if (member != null) check(member.path("shape").asText(), e.getValue(), join(path, e.getKey()), errors);
                }
            }
            case "list" -> {
                if (!value.isArray()) {
                    errors.add("Value at " + where + " must be a list");
                    return;
                }
                length(shape, value.size(), "Value at ", where, errors);
                String member = shape.path("member").path("shape").asText();
                for (int i = 0; i < value.size(); i++) check(member, value.get(i), path + "." + (i + 1), errors);
            }
            case "map" -> {
                if (!value.isObject()) {
                    errors.add("Value at " + where + " must be a map");
                    return;
                }
                String valueShape = shape.path("value").path("shape").asText();
                for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                    var e = it.next();
                    check(valueShape, e.getValue(), join(path, e.getKey()), errors);
                }
            }
            case "string" -> {
                if (!value.isTextual()) {
                    errors.add("Value at " + where + " must be a string");
                    return;
                }
                String s = value.textValue();
                // AWS names a string that breaks a length constraint, as it does one outside an enum or pattern (not a secret)
                boolean shown = s.length() <= 256 && !shape.path("sensitive").asBoolean(false);
                length(shape, s.length(), shown ? "Value '" + s + "' at " : "Value at ", where, errors);
                JsonNode enums = shape.get("enum");
                if (enums != null) {
                    boolean ok = false;
                    for (JsonNode e : enums) ok |= e.asText().equals(s);
                    if (!ok) {
                        List<String> allowed = new ArrayList<>();
                        enums.forEach(e -> allowed.add(e.asText()));
                        errors.add("Value '" + s + "' at " + where
                                + " failed to satisfy constraint: Member must satisfy enum value set: " + allowed);
                    }
                }
                String regex = shape.path("pattern").asText(null);
                if (regex != null && compiled(regex).map(p -> !p.matcher(s).matches()).orElse(false)) {
                    errors.add("Value '" + s + "' at " + where
                            + " failed to satisfy constraint: Member must satisfy regular expression pattern: " + regex);
                }
            }
            case "integer", "long" -> {
                if (!value.isIntegralNumber() || (type.equals("integer") && !value.canConvertToInt())) {
                    errors.add("Value at " + where + " must be an " + (type.equals("integer") ? "integer" : "integer (long)"));
                    return;
                }
                range(shape, value.asLong(), where, errors);
            }
            case "double", "float" -> {
                if (!value.isNumber()) errors.add("Value at " + where + " must be a number");
            }
            case "boolean" -> {
                if (!value.isBoolean()) errors.add("Value at " + where + " must be a boolean");
            }
            case "timestamp" -> {
                if (!value.isNumber() && !value.isTextual()) errors.add("Value at " + where + " must be a timestamp");
            }
            case "blob" -> {
                if (!value.isTextual()) {
                    errors.add("Value at " + where + " must be base64 text");
                    return;
                }
                length(shape, decodedLength(value.textValue()), "Value at ", where, errors);
            }
            default -> { }
        }
    }

    private Optional<Pattern> compiled(String regex) {
        return patterns.computeIfAbsent(regex, r -> {
            try {
                return Optional.of(Pattern.compile(r));
            } catch (PatternSyntaxException e) {
                return Optional.empty();
            }
        });
    }

    /** {@code value} names what broke the constraint: "Value 'x' at " or "Value at ". */
    private static void length(JsonNode shape, long n, String value, String where, List<String> errors) {
        if (shape.has("min") && n < shape.get("min").asLong()) {
            errors.add(value + where + " failed to satisfy constraint: Member must have length greater than or equal to "
                    + shape.get("min").asLong());
        }
        if (shape.has("max") && n > shape.get("max").asLong()) {
            errors.add(value + where + " failed to satisfy constraint: Member must have length less than or equal to "
                    + shape.get("max").asLong());
        }
    }

    /** How many bytes base64 {@code text} stands for (its validity is the operation's to check). */
    static long decodedLength(String text) {
        int n = text.length();
        int pad = n > 0 && text.charAt(n - 1) == '=' ? (n > 1 && text.charAt(n - 2) == '=' ? 2 : 1) : 0;
        return (long) n * 3 / 4 - pad;
    }

    private static void range(JsonNode shape, long n, String where, List<String> errors) {
        if (shape.has("min") && n < shape.get("min").asLong()) {
            errors.add("Value '" + n + "' at " + where + " failed to satisfy constraint: Member must have value greater than or equal to "
                    + shape.get("min").asLong());
        }
        if (shape.has("max") && n > shape.get("max").asLong()) {
            errors.add("Value '" + n + "' at " + where + " failed to satisfy constraint: Member must have value less than or equal to "
                    + shape.get("max").asLong());
        }
    }

    private static String join(String path, String member) {
        return path.isEmpty() ? member : path + "." + member;
    }
}
