package io.berth.scheduler.query;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Recursive descent over the characters of one expression:
 * <pre>
 *   or      := and (("or" | "||") and)*
 *   and     := unary (("and" | "&&") unary)*
 *   unary   := ("not" | "!") unary | "(" or ")" | term
 *   term    := subject operator [value | "[" value ("," value)* "]"]
 *   value   := 'quoted' | "quoted" | bare   (bare ends at a space, an unbalanced ) or ], or a , in a list)
 * </pre>
 * Keywords and word operators are case-insensitive; every error names the offset where it was found.
 */
final class QueryParser {
    private static final int MAX_LENGTH = 2000;
    private final String s;
    private int pos;
    private int valueAt; // where the last value's text starts

    QueryParser(String expression) {
        this.s = expression;
    }

    Expr parse() {
        if (s.length() > MAX_LENGTH) throw error(MAX_LENGTH, "the expression is longer than " + MAX_LENGTH + " characters");
        skipSpace();
        if (atEnd()) throw error(pos, "the expression is empty");
        Expr e = or();
        skipSpace();
        if (!atEnd()) throw error(pos, "unexpected '" + rest() + "' (expected 'and', 'or' or the end)");
        return e;
    }

    private Expr or() {
        Expr left = and();
        while (true) {
            skipSpace();
            if (keyword("or") || symbol("||")) left = new Expr.Or(left, and());
            else return left;
        }
    }

    private Expr and() {
        Expr left = unary();
        while (true) {
            skipSpace();
            if (keyword("and") || symbol("&&")) left = new Expr.And(left, unary());
            else return left;
        }
    }

    private Expr unary() {
        skipSpace();
        if (atEnd()) throw error(pos, "an expression is missing at the end");
        if (keyword("not") || symbol("!")) return new Expr.Not(unary());
        if (symbol("(")) {
            Expr inner = or();
            skipSpace();
            if (!symbol(")")) throw error(pos, atEnd() ? "')' is missing" : "expected ')' but found '" + rest() + "'");
            return inner;
        }
        return term();
    }

    private Expr term() {
        int at = pos;
        while (!atEnd() && !Character.isWhitespace(peek()) && "=!<>~()[],".indexOf(peek()) < 0) pos++;
        String word = s.substring(at, pos);
        if (word.isEmpty()) throw error(at, "expected a subject but found '" + rest() + "'");
        Subject subject = subject(word, at);
        skipSpace();
        int opAt = pos;
        Operator op = operator();
        if (!subject.kind().operators.contains(op)) {
            throw error(opAt, "operator " + op + " cannot be used with " + subject);
        }
        List<String> values = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        if (op.takesList()) {
            skipSpace();
            if (!symbol("[")) throw error(pos, op + " expects a list such as [a, b]");
            do {
                skipSpace();
                values.add(value(true));
                positions.add(valueAt);
                skipSpace();
            } while (symbol(","));
            if (!symbol("]")) throw error(pos, atEnd() ? "']' is missing" : "expected ',' or ']' but found '" + rest() + "'");
        } else if (!op.takesNoArgument()) {
            skipSpace();
            values.add(value(false));
            positions.add(valueAt);
        }
        return compile(subject, op, values, positions);
    }

    private Subject subject(String word, int at) {
        for (Subject.Kind k : Subject.Kind.values()) {
            if (k == Subject.Kind.ATTRIBUTE) continue;
            if (k.spelling.equals(word)) return new Subject(k, null);
        }
        if (word.startsWith("attribute:")) {
            String name = word.substring("attribute:".length());
            if (name.isEmpty() || name.length() > 128 || !name.matches("[A-Za-z0-9_./\\\\\\-]+")) {
                throw error(at + 10, "'" + name + "' is not an attribute name (1 to 128 letters, digits, - _ / \\ .)");
            }
            return new Subject(Subject.Kind.ATTRIBUTE, name);
        }
        throw error(at, "unknown subject '" + word + "' (expected agentConnected, agentVersion, attribute:<name>, "
                + "ec2InstanceId, registeredAt, runningTasksCount or task:group)");
    }

    private Operator operator() {
        for (Operator o : Operator.BY_SYMBOL) {
            boolean wordLike = Character.isLetter(o.symbol.charAt(o.symbol.length() - 1));
            if (wordLike ? keyword(o.symbol) : symbol(o.symbol)) {
                if (!wordLike && !atEnd() && "=!<>~".indexOf(peek()) >= 0) {
                    throw error(pos - o.symbol.length(), "unknown operator '" + o.symbol + peek() + "'");
                }
                return o;
            }
        }
        for (Operator o : Operator.BY_WORD) if (keyword(o.word)) return o;
        throw error(pos, atEnd() ? "an operator is missing" : "expected an operator (== != > >= < <= exists !exists in !in =~ !~) but found '" + rest() + "'");
    }

    private String value(boolean inList) {
        if (atEnd()) throw error(pos, "a value is missing");
        valueAt = pos;
        char q = peek();
        if (q == '\'' || q == '"') {
            int start = ++pos;
            valueAt = start;
            while (!atEnd() && peek() != q) pos++;
            if (atEnd()) throw error(start - 1, "the quoted value is not closed");
            return s.substring(start, pos++);
        }
        int start = pos;
        int parens = 0;
        int brackets = 0;
        while (!atEnd()) {
            char c = peek();
            if (Character.isWhitespace(c) || (inList && c == ',' && brackets == 0)) break;
            if (c == '(') parens++;
            if (c == ')' && parens-- == 0) break;
            if (c == '[') brackets++;
            if (c == ']' && brackets-- == 0) break;
            pos++;
        }
        if (pos == start) throw error(pos, "expected a value but found '" + rest() + "'");
        return s.substring(start, pos);
    }

    private Term compile(Subject subject, Operator op, List<String> values, List<Integer> positions) {
        List<Term.Matcher> matchers = new ArrayList<>();
        Pattern pattern = null;
        long number = 0;
        Instant instant = null;
        if (op == Operator.MATCHES || op == Operator.NOT_MATCHES) {
            try {
                pattern = Pattern.compile(values.get(0));
            } catch (PatternSyntaxException e) {
                throw error(positions.get(0) + Math.max(0, e.getIndex()), "invalid regular expression: " + e.getDescription());
            }
        }
        for (String v : values) {
            matchers.add(new Term.Matcher(v, v.contains("*") ? glob(v) : null));
        }
        if (subject.kind() == Subject.Kind.RUNNING_TASKS_COUNT) {
            try {
                number = Long.parseLong(values.get(0));
            } catch (NumberFormatException e) {
                throw error(positions.get(0), "runningTasksCount compares with a whole number, not '" + values.get(0) + "'");
            }
        }
        if (subject.kind() == Subject.Kind.REGISTERED_AT) instant = instant(values.get(0), positions.get(0));
        if (subject.kind() == Subject.Kind.AGENT_CONNECTED) {
            for (int i = 0; i < values.size(); i++) {
                String v = values.get(i).toLowerCase(Locale.ROOT);
                if (op != Operator.MATCHES && op != Operator.NOT_MATCHES && !v.equals("true") && !v.equals("false")) {
                    throw error(positions.get(i), "agentConnected is true or false, not '" + values.get(i) + "'");
                }
            }
            matchers.replaceAll(m -> new Term.Matcher(m.literal().toLowerCase(Locale.ROOT), null));
        }
        return new Term(subject, op, List.copyOf(values), List.copyOf(matchers), pattern, number, instant);
    }

    private static Pattern glob(String v) {
        StringBuilder b = new StringBuilder();
        String[] parts = v.split("\\*", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) b.append(".*");
            if (!parts[i].isEmpty()) b.append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(b.toString());
    }

    private Instant instant(String v, int at) {
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException ignored) {
            // try the next format the ECS guide lists
        }
        try {
            return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            // and the next
        }
        try {
            return LocalDate.parse(v).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw error(at, "registeredAt compares with a date such as 2018-06-18 or 2018-06-18T22:28:28Z, not '" + v + "'");
        }
    }

    private boolean keyword(String word) {
        int end = pos + word.length();
        if (end > s.length() || !s.regionMatches(true, pos, word, 0, word.length())) return false;
        if (end < s.length()) {
            char next = s.charAt(end);
            if (Character.isLetterOrDigit(next) || next == '_' || next == ':' || next == '.' || next == '-') return false;
        }
        pos = end;
        return true;
    }

    private boolean symbol(String sym) {
        if (!s.startsWith(sym, pos)) return false;
        pos += sym.length();
        return true;
    }

    private void skipSpace() {
        while (!atEnd() && Character.isWhitespace(peek())) pos++;
    }

    private boolean atEnd() {
        return pos >= s.length();
    }

    private char peek() {
        return s.charAt(pos);
    }

    private String rest() {
        String r = s.substring(pos);
        return r.length() > 20 ? r.substring(0, 20) + "…" : r;
    }

    private QueryException error(int at, String problem) {
        return new QueryException(s, at, problem);
    }
}
