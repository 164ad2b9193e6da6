package io.berth.scheduler.query;

/** Orders agent versions such as {@code 1.14.5} or {@code v1.105.1-dev} by their numeric parts. */
final class Versions {
    private Versions() {}

    static int compare(String a, String b) {
        String[] x = strip(a).split("[.\\-+]");
        String[] y = strip(b).split("[.\\-+]");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            String p = i < x.length ? x[i] : "0";
            String q = i < y.length ? y[i] : "0";
            int c = isNumber(p) && isNumber(q) ? Long.compare(Long.parseLong(p), Long.parseLong(q)) : p.compareTo(q);
            if (c != 0) return c;
        }
        return 0;
    }

    private static String strip(String v) {
        return v.startsWith("v") || v.startsWith("V") ? v.substring(1) : v;
    }

    static boolean isNumber(String s) {
        if (s.isEmpty() || s.length() > 18) return false;
        for (int i = 0; i < s.length(); i++) if (!Character.isDigit(s.charAt(i))) return false;
        return true;
    }
}
