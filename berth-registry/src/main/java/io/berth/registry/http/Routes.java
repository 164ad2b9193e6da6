package io.berth.registry.http;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OCI distribution endpoints as patterns over the path after {@code /v2/}. Repository names
 * contain slashes, so each pattern anchors on the fixed segment at the end; uploads are tried before
 * blobs so {@code blobs/uploads} is never read as a digest.
 */
enum Routes {
    CATALOG("_catalog"),
    UPLOADS("(.+)/blobs/uploads/?"),
    UPLOAD("(.+)/blobs/uploads/([^/]+)"),
    BLOB("(.+)/blobs/([^/]+)"),
    MANIFEST("(.+)/manifests/([^/]+)"),
    TAGS("(.+)/tags/list"),
    REFERRERS("(.+)/referrers/([^/]+)");

    private final Pattern pattern;

    Routes(String regex) {
        this.pattern = Pattern.compile(regex);
    }

    /** A matched route: the repository name and the reference after it (digest, tag, upload id). */
    record Match(Routes route, String name, String ref) {}

    static Match match(String rest) {
        for (Routes r : values()) {
            Matcher m = r.pattern.matcher(rest);
            if (m.matches()) {
                return new Match(r, m.groupCount() >= 1 ? m.group(1) : null, m.groupCount() >= 2 ? m.group(2) : null);
            }
        }
        return null;
    }
}
