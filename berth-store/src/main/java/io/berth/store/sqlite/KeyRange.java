package io.berth.store.sqlite;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/** A prefix as an index range over BLOB keys: {@code key >= prefix AND key < successor(prefix)}. */
record KeyRange(byte[] from, byte[] until) {

    static KeyRange of(String prefix) {
        byte[] from = Keys.encode(prefix);
        return new KeyRange(from, Keys.successor(from));
    }

    /** The SQL condition; its placeholders are filled by {@link #bind}. */
    String where() {
        if (from.length == 0) return "1 = 1";
        return until == null ? "key >= ?" : "key >= ? AND key < ?";
    }

    /** Binds the placeholders of {@link #where} starting at {@code index}; returns the next free index. */
    int bind(PreparedStatement ps, int index) throws SQLException {
        if (from.length == 0) return index;
        ps.setBytes(index++, from);
        if (until != null) ps.setBytes(index++, until);
        return index;
    }
}
