package io.despacho.shared;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Many rows into one table with one statement whose text does not depend on the row count: {@code insert into t (a,
 * b) select * from unnest(?::bigint[], ?::text[])}, one array per column. PostgreSQL parses and plans it once per
 * connection and the driver binds one parameter per column instead of one per value — cheaper than a multi-row
 * VALUES list or a rewritten JDBC batch for the hundreds of rows of a report page.
 */
public final class ColumnInsert {

    private final String table;
    private final List<String> names = new ArrayList<>();
    private final List<String> types = new ArrayList<>();
    private final List<List<Object>> columns = new ArrayList<>();
    private int rows;

    private ColumnInsert(String table) {
        this.table = table;
    }

    public static ColumnInsert into(String table) {
        return new ColumnInsert(table);
    }

    /** A column and its SQL type: {@code bigint}, {@code integer}, {@code boolean} bound as such, others as text. */
    public ColumnInsert column(String name, String sqlType) {
        names.add(name);
        types.add(sqlType);
        columns.add(new ArrayList<>());
        return this;
    }

    /** One row, its values in column order; a value other than Long, Integer or Boolean is sent as its text. */
    public ColumnInsert add(Object... values) {
        if (values.length != names.size()) {
            throw new IllegalArgumentException(table + ": " + values.length + " values for " + names.size()
                    + " columns");
        }
        for (int i = 0; i < values.length; i++) {
            columns.get(i).add(values[i]);
        }
        rows++;
        return this;
    }

    /** The statement, with {@code tail} (e.g. "on conflict ... returning ...") after the select. */
    public String sql(String tail) {
        StringBuilder sql = new StringBuilder("insert into ").append(table).append(" (")
                .append(String.join(", ", names)).append(") select * from unnest(");
        for (int i = 0; i < types.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("?::").append(types.get(i)).append("[]");
        }
        return sql.append(")").append(tail.isEmpty() ? "" : " " + tail).toString();
    }

    /** The statement prepared with every column bound; the caller executes and closes it. */
    public PreparedStatement prepare(Connection c, String tail) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql(tail));
        try {
            for (int i = 0; i < names.size(); i++) {
                ps.setArray(i + 1, array(c, types.get(i), columns.get(i)));
            }
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    /** Inserts the rows (nothing when there are none); returns the count inserted. */
    public int execute(Connection c) throws SQLException {
        if (rows == 0) {
            return 0;
        }
        try (PreparedStatement ps = prepare(c, "")) {
            return ps.executeUpdate();
        }
    }

    private static Array array(Connection c, String type, List<Object> values) throws SQLException {
        return switch (type) {
            case "bigint" -> c.createArrayOf("int8", values.toArray(Long[]::new));
            case "integer" -> c.createArrayOf("int4", values.toArray(Integer[]::new));
            case "boolean" -> c.createArrayOf("bool", values.toArray(Boolean[]::new));
            default -> c.createArrayOf("text", values.stream().map(v -> v == null ? null : v.toString())
                    .toArray(String[]::new));
        };
    }
}
