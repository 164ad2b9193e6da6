package io.berth.scheduler.query;

import static io.berth.scheduler.query.Operator.*;

import java.util.EnumSet;
import java.util.Set;

/** What an expression tests: a field of the container instance, one of its attributes, or its task groups. */
public record Subject(Kind kind, String attribute) {
    public enum Kind {
        AGENT_CONNECTED("agentConnected", EnumSet.of(EQUALS, NOT_EQUALS, IN, NOT_IN, MATCHES, NOT_MATCHES)),
        AGENT_VERSION("agentVersion", EnumSet.of(EQUALS, NOT_EQUALS, GREATER_THAN, GREATER_THAN_EQUAL, LESS_THAN, LESS_THAN_EQUAL)),
        ATTRIBUTE("attribute:", EnumSet.allOf(Operator.class)),
        EC2_INSTANCE_ID("ec2InstanceId", EnumSet.of(EQUALS, NOT_EQUALS, IN, NOT_IN, MATCHES, NOT_MATCHES)),
        REGISTERED_AT("registeredAt", EnumSet.of(EQUALS, NOT_EQUALS, GREATER_THAN, GREATER_THAN_EQUAL, LESS_THAN, LESS_THAN_EQUAL)),
        RUNNING_TASKS_COUNT("runningTasksCount", EnumSet.of(EQUALS, NOT_EQUALS, GREATER_THAN, GREATER_THAN_EQUAL, LESS_THAN, LESS_THAN_EQUAL)),
        TASK_GROUP("task:group", EnumSet.of(EQUALS, NOT_EQUALS, IN, NOT_IN, MATCHES, NOT_MATCHES, EXISTS, NOT_EXISTS));

        final String spelling;
        final Set<Operator> operators;

        Kind(String spelling, Set<Operator> operators) {
            this.spelling = spelling;
            this.operators = operators;
        }
    }

    @Override
    public String toString() {
        return kind == Kind.ATTRIBUTE ? "attribute:" + attribute : kind.spelling;
    }
}
