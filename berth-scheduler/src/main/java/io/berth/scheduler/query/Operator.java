package io.berth.scheduler.query;

import java.util.List;

/** The comparison operators of the cluster query language, with their symbol and word spellings. */
public enum Operator {
    EQUALS("==", "equals"),
    NOT_EQUALS("!=", "not_equals"),
    GREATER_THAN_EQUAL(">=", "greater_than_equal"),
    GREATER_THAN(">", "greater_than"),
    LESS_THAN_EQUAL("<=", "less_than_equal"),
    LESS_THAN("<", "less_than"),
    NOT_EXISTS("!exists", "not_exists"),
    EXISTS("exists", "exists"),
    NOT_IN("!in", "not_in"),
    IN("in", "in"),
    MATCHES("=~", "matches"),
    NOT_MATCHES("!~", "not_matches");

    final String symbol;
    final String word;

    Operator(String symbol, String word) {
        this.symbol = symbol;
        this.word = word;
    }

    /** The spellings to try, longest first, so that {@code >=} is not read as {@code >}. */
    static final List<Operator> BY_SYMBOL = List.of(NOT_EXISTS, NOT_IN, NOT_EQUALS, NOT_MATCHES, EQUALS, MATCHES,
            GREATER_THAN_EQUAL, LESS_THAN_EQUAL, GREATER_THAN, LESS_THAN);
    static final List<Operator> BY_WORD = List.of(NOT_EQUALS, GREATER_THAN_EQUAL, GREATER_THAN, LESS_THAN_EQUAL,
            LESS_THAN, NOT_EXISTS, NOT_IN, NOT_MATCHES, EQUALS, EXISTS, IN, MATCHES);

    boolean takesList() {
        return this == IN || this == NOT_IN;
    }

    boolean takesNoArgument() {
        return this == EXISTS || this == NOT_EXISTS;
    }

    boolean ordering() {
        return this == GREATER_THAN || this == GREATER_THAN_EQUAL || this == LESS_THAN || this == LESS_THAN_EQUAL;
    }

    /** {@code !=}, {@code !in}, {@code !~}: true when the instance has the subject and no value matches. */
    boolean negated() {
        return this == NOT_EQUALS || this == NOT_IN || this == NOT_MATCHES;
    }

    @Override
    public String toString() {
        return symbol;
    }
}
