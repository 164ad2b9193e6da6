package io.berth.registry.meta;

/** ECR's tag patterns: literal text with {@code *} matching any run of characters. */
public final class Wildcard {
    private Wildcard() {}

    public static boolean matches(String pattern, String s) {
        return match(pattern, 0, s, 0);
    }

    private static boolean match(String p, int i, String s, int j) {
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c == '*') {
                for (int k = j; k <= s.length(); k++) {
                    if (match(p, i + 1, s, k)) return true;
                }
                return false;
            }
            if (j >= s.length() || s.charAt(j) != c) return false;
            i++;
            j++;
        }
        return j == s.length();
    }
}
