package io.berth.agent.runtime;

/** An image reference split into repository and tag (or digest), as a pull wants them. */
record ImageName(String repository, String tag) {
    static ImageName parse(String image) {
        int at = image.indexOf('@');
        if (at >= 0) return new ImageName(image, null);
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        if (colon > slash) return new ImageName(image.substring(0, colon), image.substring(colon + 1));
        return new ImageName(image, "latest");
    }
}
