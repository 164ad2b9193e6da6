package io.berth.server.ecs;

import io.berth.model.ecs.ContainerInstance;
import io.berth.wire.AwsException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of the cluster query language that ListContainerInstances' {@code filter} needs before
 * the placement engine brings the whole language: {@code attribute:<name> (==|!=) <value>},
 * {@code attribute:<name> exists|!exists}, joined with {@code and}. Anything else is refused with a
 * message that says what is understood, rather than silently matched.
 */
final class SimpleFilter {
    private static final Pattern TERM = Pattern.compile(
            "\\s*attribute:([A-Za-z0-9_.\\-/]+)\\s*(?:(==|!=)\\s*([^\\s()]+)|(!?exists))\\s*");

    private SimpleFilter() {}

    static Predicate<ContainerInstance> parse(String expression) {
        List<Predicate<ContainerInstance>> terms = new ArrayList<>();
        for (String part : expression.split("(?i)\\s+and\\s+")) {
            Matcher m = TERM.matcher(part);
            if (!m.matches()) {
                throw AwsException.invalidParameter("Unsupported filter expression '" + part.trim()
                        + "': use attribute:<name> == <value>, != <value>, exists or !exists, joined with 'and'.");
            }
            String name = m.group(1);
            if (m.group(4) != null) {
                boolean want = m.group(4).equals("exists");
                terms.add(i -> i.attributes().stream().anyMatch(a -> a.name().equals(name)) == want);
            } else {
                String value = m.group(3);
                boolean eq = m.group(2).equals("==");
                terms.add(i -> i.attribute(name).map(v -> v.equals(value)).orElse(false) == eq);
            }
        }
        return i -> terms.stream().allMatch(t -> t.test(i));
    }
}
