package io.berth.registry.http;

/** One HTTP byte range ({@code bytes=a-b}, {@code bytes=a-}, {@code bytes=-n}) against a known size. */
final class ByteRange {
    private ByteRange() {}

    /**
     * Whether a blob GET heeds {@code header} at all. RFC 9110 has a server ignore a Range in a unit
     * it does not know, and lets it ignore one it will not serve: several ranges get the whole blob
     * rather than a multipart reply.
     */
    static boolean applies(String header) {
        String h = header.strip();
        return h.regionMatches(true, 0, "bytes=", 0, 6) && !h.contains(",");
    }

    /** Inclusive {start, end}, or null when the header is malformed or unsatisfiable. */
    static long[] parse(String header, long size) {
        String h = header.strip();
        if (!applies(h)) return null;
        String spec = h.substring(6).strip();
        int dash = spec.indexOf('-');
        if (dash < 0) return null;
        try {
            String a = spec.substring(0, dash).strip();
            String b = spec.substring(dash + 1).strip();
            long start;
            long end;
            if (a.isEmpty()) {
                long n = position(b);
                if (n <= 0) return null;
                start = Math.max(0, size - n);
                end = size - 1;
            } else {
                start = Long.parseLong(a);
                end = b.isEmpty() ? size - 1 : Math.min(position(b), size - 1);
            }
            if (start < 0 || start >= size || end < start) return null;
            return new long[] {start, end};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A byte position or suffix length; digits too many for a long are past any blob's end, so capped. */
    private static long position(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) throw e;
            return Long.MAX_VALUE;
        }
    }
}
