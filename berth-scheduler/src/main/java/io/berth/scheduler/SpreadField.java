package io.berth.scheduler;

/** What spread balances over: each instance on its own, or the values of one attribute. */
public record SpreadField(String attribute) {
    /** Spread over instances ({@code instanceId} or its synonym {@code host}). */
    public static final SpreadField INSTANCE = new SpreadField(null);

    public boolean isInstance() {
        return attribute == null;
    }

    /** The bucket an instance falls in; instances without the attribute share the bucket "". */
    public String valueOf(Candidate c) {
        if (attribute == null) return c.arn();
        String v = c.attribute(attribute);
        return v == null ? "" : v;
    }

    @Override
    public String toString() {
        return attribute == null ? "instanceId" : "attribute:" + attribute;
    }
}
