package io.berth.registry;

import java.util.regex.Pattern;

/**
 * ECR's rules for repository names and image tags. Repository names follow the ECR model's
 * {@code RepositoryName} pattern, which is the OCI distribution spec's name grammar: components
 * separated by {@code /}, each lowercase alphanumerics joined by {@code .}, {@code _}, {@code __}
 * or a run of {@code -}.
 */
public final class Names {
    public static final String REPOSITORY_PATTERN = "[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(\\/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*";
    private static final Pattern REPOSITORY = Pattern.compile(REPOSITORY_PATTERN);
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
