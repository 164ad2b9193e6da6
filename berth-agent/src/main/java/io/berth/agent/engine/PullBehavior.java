package io.berth.agent.engine;

import java.util.Locale;

/**
 * When the agent pulls a task's image: the ECS agent's {@code ECS_IMAGE_PULL_BEHAVIOR}.
 * DEFAULT pulls every time but falls back to a cached image if the pull fails; ALWAYS pulls every
 * time and fails without a cache fallback; ONCE pulls only if this agent never pulled it (or it is
 * absent); PREFER_CACHED pulls only when the image is not present.
 */
public enum PullBehavior {
    DEFAULT, ALWAYS, ONCE, PREFER_CACHED;

    /** {@code default}, {@code always}, {@code once} or {@code prefer-cached}. */
    public static PullBehavior parse(String s) {
        if (s == null || s.isBlank()) return DEFAULT;
        try {
            return valueOf(s.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ECS_IMAGE_PULL_BEHAVIOR must be default, always, once or prefer-cached, not " + s);
        }
    }
}
