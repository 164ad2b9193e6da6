package io.berth.registry;

import java.util.regex.Pattern;

/** ECR's rules for repository names and image tags. */
public final class Names {
    private static final Pattern REPOSITORY = Pattern.compile("(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");

    private Names() {}

    public static boolean validRepository(String name) {
        return name != null && name.length() >= 2 && name.length() <= 256 && REPOSITORY.matcher(name).matches();
    }

    public static boolean validTag(String tag) {
        return tag != null && TAG.matcher(tag).matches();
    }

    public static void requireTag(String tag) {
        if (!validTag(tag)) throw new RegistryException(ErrorCode.TAG_INVALID, "invalid tag '" + tag + "'");
    }
}
