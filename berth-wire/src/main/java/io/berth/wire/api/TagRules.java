package io.berth.wire.api;

/**
 * The rules AWS services share for resource tags: a key of 1 to 128 characters that does not start
 * with {@code aws:} (any case; reserved for AWS), a value of at most 256 characters, and at most
 * {@link #MAX_TAGS} tags on a resource. Each service raises its own exception with the message.
 */
public final class TagRules {
    public static final int MAX_TAGS = 50;

    private TagRules() {}

    /** What is wrong with the tag {@code key}={@code value} (value may be null), or null when nothing is. */
    public static String problem(String key, String value) {
        if (key == null || key.isEmpty() || key.length() > 128) return "Tag keys must be 1 to 128 characters long.";
        if (value != null && value.length() > 256) return "Tag values must be at most 256 characters long.";
        if (key.regionMatches(true, 0, "aws:", 0, 4)) return "Tag keys may not begin with aws: (reserved for AWS use).";
        return null;
    }

    /** The message for a resource that would hold {@code count} tags, or null when that is allowed. */
    public static String tooMany(int count) {
        return count > MAX_TAGS ? "A resource can have at most " + MAX_TAGS + " tags." : null;
    }
}
