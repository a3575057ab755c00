package io.despacho.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The statement's text; the rows themselves are checked against PostgreSQL by ProcessoStorePageTest. */
class ColumnInsertTest {

    @Test
    void oneArrayParameterPerColumnWhateverTheRowCount() {
        ColumnInsert insert = ColumnInsert.into("processo_parte").column("processo_id", "bigint")
                .column("ordem", "integer").column("nome", "text");
        String empty = insert.sql("");
        insert.add(1L, 0, "A").add(1L, 1, "B").add(2L, 0, null);

        assertThat(insert.sql("")).isEqualTo("insert into processo_parte (processo_id, ordem, nome)"
                + " select * from unnest(?::bigint[], ?::integer[], ?::text[])").isEqualTo(empty);
        assertThat(insert.sql("returning processo_id")).endsWith(") returning processo_id");
    }

    @Test
    void aRowWithTheWrongNumberOfValuesIsRefused() {
        ColumnInsert insert = ColumnInsert.into("t").column("a", "bigint").column("b", "text");

        assertThatThrownBy(() -> insert.add(1L)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("t: 1 values for 2 columns");
    }
}
