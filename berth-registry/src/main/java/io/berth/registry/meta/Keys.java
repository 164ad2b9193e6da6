package io.berth.registry.meta;

/**
 * Where the registry's records live in the StateStore, all under {@code ecr/}. A repository's name
 * may contain '/', so per-repository keys end the name with '#', which names cannot contain: the
 * range {@code ecr/images/team/app#} never picks up {@code team/app/sub}'s images.
 */
public final class Keys {
    public static final String PREFIX = "ecr/";
    public static final String REPOS = PREFIX + "repos/";
    public static final String IMAGES = PREFIX + "images/";
    public static final String TAGS = PREFIX + "tags/";
    public static final String LINKS = PREFIX + "links/";
    public static final String PREVIEWS = PREFIX + "previews/";
    public static final String SECRET = PREFIX + "secret";

    private Keys() {}

    public static String repo(String name) {
        return REPOS + name;
    }

    public static String images(String repo) {
        return IMAGES + repo + "#";
    }

    public static String image(String repo, String digest) {
        return images(repo) + digest;
    }

    public static String tags(String repo) {
        return TAGS + repo + "#";
    }

    public static String tag(String repo, String tag) {
        return tags(repo) + tag;
    }

    public static String links(String repo) {
        return LINKS + repo + "#";
    }

    public static String link(String repo, String digest) {
        return links(repo) + digest;
    }

    public static String preview(String repo) {
        return PREVIEWS + repo;
    }

    /** The part of {@code key} after the repository's '#'. */
    public static String suffix(String key) {
        return key.substring(key.indexOf('#') + 1);
    }

    /** The repository named in a per-repository key. */
    public static String repoOf(String key, String kindPrefix) {
        return key.substring(kindPrefix.length(), key.indexOf('#'));
    }
}
