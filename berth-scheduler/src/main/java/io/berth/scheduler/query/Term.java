package io.berth.scheduler.query;

import io.berth.scheduler.Candidate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One comparison, {@code subject operator [argument]}, with its argument already compiled: value
 * lists and wildcard values ({@code *} matches any run of characters) into matchers, patterns for
 * {@code =~}, numbers and instants for ordered subjects.
 *
 * <p>Single-valued subjects that an instance lacks (an attribute it does not have) match only
 * {@code !exists}: {@code attribute:stack != prod} selects instances that have {@code stack} with
 * another value, as the ECS guide's example says. {@code task:group} is many-valued: positive
 * operators hold when some group on the instance matches, negated ones when none does.
 */
public record Term(Subject subject, Operator op, List<String> values, List<Matcher> matchers, Pattern pattern,
                   long number, Instant instant) implements Expr {

    /** Equality against one argument value, literal or with wildcards. */
    public record Matcher(String literal, Pattern glob) {
        boolean test(String v) {
            return glob == null ? literal.equals(v) : glob.matcher(v).matches();
        }
    }

    @Override
    public boolean test(Candidate c, Map<String, Integer> extraGroups) {
        return switch (subject.kind()) {
            case TASK_GROUP -> groups(c, extraGroups);
            case RUNNING_TASKS_COUNT -> ordered(Long.compare(c.runningTasks(), number));
            case REGISTERED_AT -> c.registeredAt() != null && ordered(c.registeredAt().compareTo(instant));
            case AGENT_CONNECTED -> single(String.valueOf(c.agentConnected()));
            case AGENT_VERSION -> single(c.agentVersion());
            case EC2_INSTANCE_ID -> single(c.ec2InstanceId());
            case ATTRIBUTE -> single(c.attribute(subject.attribute()));
        };
    }

    private boolean single(String v) {
        if (op == Operator.NOT_EXISTS) return v == null;
        if (v == null) return false;
        if (op == Operator.EXISTS) return true;
        if (op.ordering()) return ordered(compareText(v));
        return op.negated() != positive(v);
    }

    private boolean groups(Candidate c, Map<String, Integer> extra) {
        boolean any = false;
        for (var e : c.groups().entrySet()) {
            if (e.getValue() > 0 && (op.takesNoArgument() || positive(e.getKey()))) { any = true; break; }
        }
        if (!any) {
            for (var e : extra.entrySet()) {
                if (e.getValue() > 0 && (op.takesNoArgument() || positive(e.getKey()))) { any = true; break; }
            }
        }
        return op == Operator.NOT_EXISTS || op.negated() ? !any : any;
    }

    private boolean positive(String v) {
        if (op == Operator.MATCHES || op == Operator.NOT_MATCHES) return pattern.matcher(v).matches();
        for (Matcher m : matchers) if (m.test(v)) return true;
        return false;
    }

    private int compareText(String v) {
        String arg = values.get(0);
        if (subject.kind() == Subject.Kind.AGENT_VERSION) return Versions.compare(v, arg);
        if (Versions.isNumber(v) && Versions.isNumber(arg)) return Long.compare(Long.parseLong(v), Long.parseLong(arg));
        return v.compareTo(arg);
    }

    private boolean ordered(int cmp) {
        return switch (op) {
            case EQUALS -> cmp == 0;
            case NOT_EQUALS -> cmp != 0;
            case GREATER_THAN -> cmp > 0;
            case GREATER_THAN_EQUAL -> cmp >= 0;
            case LESS_THAN -> cmp < 0;
            case LESS_THAN_EQUAL -> cmp <= 0;
            default -> throw new IllegalStateException(op + " is not an ordering for " + subject);
        };
    }

    @Override
    public String toString() {
        if (op.takesNoArgument()) return subject + " " + op;
        return subject + " " + op + " " + (op.takesList() ? values.toString() : values.get(0));
    }
}
