package io.berth.scheduler.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.scheduler.TaskDemand;
import io.berth.scheduler.testing.Host;
import io.berth.scheduler.testing.SimCluster;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The cluster query language: every example of the ECS guide, plus what it leaves implicit, plus faults. */
class QueryTest {
    private final SimCluster cluster = new SimCluster();
    private final Host t2a = cluster.add(new Host("arn:ci/aaaa", "m1", 1024, 1024, 0)
            .attr("ecs.instance-type", "t2.small").attr("ecs.availability-zone", "us-east-1a").attr("stack", "prod")
            .agentVersion("1.14.4").registeredAt(Instant.parse("2018-02-01T10:00:00Z")));
    private final Host g2d = cluster.add(new Host("arn:ci/bbbb", "m2", 1024, 1024, 0)
            .attr("ecs.instance-type", "g2.2xlarge").attr("ecs.availability-zone", "us-east-1d").attr("stack", "dev")
            .agentVersion("1.105.1").registeredAt(Instant.parse("2018-03-01T00:00:00Z")));
    private final Host g2b = cluster.add(new Host("arn:ci/cccc", "m3", 1024, 1024, 0)
            .attr("ecs.instance-type", "g2.8xlarge").attr("ecs.availability-zone", "us-east-1b").connected(false).agentVersion("1.20.0"));

    private List<String> select(String expression) {
        Query q = Query.parse(expression);
        return cluster.hosts().stream().filter(q::test).map(Host::arn).toList();
    }

    private void runs(Host h, String group) {
        cluster.commit(h, new TaskDemand(1, 1, 0, List.of(), List.of(), false), group);
        cluster.startAll();
    }

    @Test
    void examplesFromTheGuide() {
        runs(g2d, "service:production");
        runs(t2a, "database");
        assertThat(select("attribute:ecs.instance-type == t2.small")).containsExactly(t2a.arn());
        assertThat(select("attribute:ecs.availability-zone in [us-east-1a, us-east-1b]")).containsExactly(t2a.arn(), g2b.arn());
        assertThat(select("attribute:ecs.instance-type =~ g2.* and attribute:ecs.availability-zone != us-east-1d")).containsExactly(g2b.arn());
        assertThat(select("task:group == service:production")).containsExactly(g2d.arn());
        assertThat(select("not(task:group == database)")).containsExactly(g2d.arn(), g2b.arn());
        assertThat(select("runningTasksCount == 1")).containsExactly(t2a.arn(), g2d.arn());
        assertThat(select("agentVersion < 1.14.5")).containsExactly(t2a.arn());
        assertThat(select("registeredAt < 2018-02-13")).containsExactly(t2a.arn());
        assertThat(select("ec2InstanceId in ['i-aaaa', 'i-wxyx7890']")).containsExactly(t2a.arn());
        assertThat(select("attribute:ecs.instance-type in [t2.small, t2.medium]")).containsExactly(t2a.arn());
        assertThat(select("attribute:ecs.instance-type =~ t2.* and attribute:ecs.availability-zone == us-east-1a")).containsExactly(t2a.arn());
    }

    @Test
    void attributeOperatorsAndMissingAttributes() {
        // != and !in select instances that have the attribute with another value, as the guide's example says
        assertThat(select("attribute:stack != prod")).containsExactly(g2d.arn());
        assertThat(select("attribute:stack !in [prod]")).containsExactly(g2d.arn());
        assertThat(select("attribute:stack exists")).containsExactly(t2a.arn(), g2d.arn());
        assertThat(select("attribute:stack !exists")).containsExactly(g2b.arn());
        assertThat(select("attribute:stack not_exists")).containsExactly(g2b.arn());
        assertThat(select("attribute:ecs.instance-type !~ g2\\..*")).containsExactly(t2a.arn());
        assertThat(select("attribute:ecs.instance-type not_matches 'g2.(2|8)xlarge'")).containsExactly(t2a.arn());
        assertThat(select("attribute:ecs.instance-type matches g2.(2|8)xlarge")).containsExactly(g2d.arn(), g2b.arn());
        assertThat(select("attribute:ecs.instance-type == g2.*")).as("wildcard value").containsExactly(g2d.arn(), g2b.arn());
        assertThat(select("attribute:ecs.instance-type in [*.small, *8xlarge]")).containsExactly(t2a.arn(), g2b.arn());
        assertThat(select("attribute:ecs.availability-zone > us-east-1b")).containsExactly(g2d.arn());
        assertThat(select("attribute:ecs.availability-zone greater_than_equal us-east-1b")).containsExactly(g2d.arn(), g2b.arn());
    }

    @Test
    void fieldsCompareByTheirKind() {
        assertThat(select("agentConnected == false")).containsExactly(g2b.arn());
        assertThat(select("agentConnected != false")).containsExactly(t2a.arn(), g2d.arn());
        assertThat(select("agentVersion >= 1.14.5")).as("numeric, not textual, order").containsExactly(g2d.arn(), g2b.arn());
        assertThat(select("agentVersion == 1.105.1")).containsExactly(g2d.arn());
        assertThat(select("registeredAt >= 2018-03-01T00:00:00Z")).containsExactly(g2d.arn(), g2b.arn());
        assertThat(select("registeredAt == 2018-02-01T10:00:00+00:00")).containsExactly(t2a.arn());
        assertThat(select("registeredAt <= 2018-02-01T10:00:00")).containsExactly(t2a.arn());
        assertThat(select("runningTasksCount < 1")).containsExactly(t2a.arn(), g2d.arn(), g2b.arn());
        assertThat(select("ec2InstanceId =~ i-[ab].*")).containsExactly(t2a.arn(), g2d.arn());
    }

    @Test
    void booleanStructure() {
        runs(t2a, "web");
        assertThat(select("attribute:stack == prod or attribute:stack == dev and runningTasksCount > 5")).containsExactly(t2a.arn());
        assertThat(select("(attribute:stack == prod or attribute:stack == dev) and runningTasksCount < 1")).containsExactly(g2d.arn());
        assertThat(select("attribute:stack == prod || agentConnected == false")).containsExactly(t2a.arn(), g2b.arn());
        assertThat(select("!(attribute:stack exists) && agentConnected == false")).containsExactly(g2b.arn());
        assertThat(select("not not task:group == web")).containsExactly(t2a.arn());
        assertThat(select("task:group exists")).containsExactly(t2a.arn());
        assertThat(select("task:group != web")).as("no task of the group").containsExactly(g2d.arn(), g2b.arn());
        assertThat(select("task:group =~ w.*")).containsExactly(t2a.arn());
        assertThat(select("  NOT ( attribute:stack==prod )AND attribute:stack exists ")).containsExactly(g2d.arn());
    }

    @Test
    void taskGroupSeesTheRequestsOwnTasks() {
        Query q = Query.parse("task:group == batch");
        assertThat(q.test(g2d)).isFalse();
        assertThat(q.test(g2d, Map.of("batch", 1))).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''                                         | 0 | empty",
            "attribute:stack                            | 15 | operator is missing",
            "attribute:stack ==                         | 18 | value is missing",
            "attribute:stack == prod and                | 27 | missing at the end",
            "attribute:stack == prod prod               | 24 | unexpected 'prod'",
            "(attribute:stack == prod                   | 24 | ')' is missing",
            "attribute:stack in prod                    | 19 | expects a list",
            "attribute:stack in [a, b                   | 24 | ']' is missing",
            "color == red                               | 0 | unknown subject 'color'",
            "attribute: == x                            | 10 | not an attribute name",
            "runningTasksCount == many                  | 21 | whole number",
            "runningTasksCount exists                   | 18 | cannot be used with runningTasksCount",
            "agentVersion in [1, 2]                     | 13 | cannot be used with agentVersion",
            "registeredAt > yesterday                   | 15 | registeredAt compares with a date",
            "agentConnected == maybe                    | 18 | true or false",
            "attribute:x =~ 'a(b'                       | 19 | invalid regular expression",
            "attribute:x == 'open                       | 15 | not closed",
            "attribute:x <> y                           | 12 | unknown operator '<>'",
            "and attribute:x exists                     | 0 | unknown subject 'and'",
            "attribute:x exists or )                    | 22 | expected a subject",
    })
    void malformedExpressionsNameThePosition(String expression, int position, String message) {
        assertThatThrownBy(() -> Query.parse(expression))
                .isInstanceOfSatisfying(QueryException.class, e -> assertThat(e.position()).isEqualTo(position))
                .hasMessageContaining(message).hasMessageContaining("position " + position);
    }

    @Test
    void overlongExpressionsAreRefused() {
        assertThatThrownBy(() -> Query.parse("attribute:x == " + "y".repeat(2000))).isInstanceOf(QueryException.class)
                .hasMessageContaining("2000");
    }
}
