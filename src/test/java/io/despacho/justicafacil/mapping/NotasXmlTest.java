package io.despacho.justicafacil.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.despacho.shared.UnmappableException;

class NotasXmlTest {

    /** The documented answer of GET /notas/novas/ (providers/justicafacil-notas.txt), with a real CNJ. */
    static final String NOVAS = """
            <?xml version="1.0" encoding="utf-8"?>
            <root>
            <list-item>
            <id>1</id>
            <texto>Conteúdo da Publicação</texto>
            <cnj>0016377-46.2015.8.07.0003</cnj>
            <jornal>Jornal sem canal</jornal>
            <disponibilizacao>2015-07-07T13:43:37.644551Z</disponibilizacao>
            <publicacao>2015-07-07T13:43:37.644581Z</publicacao>
            <vara>Vara de justica</vara>
            <numero>123.456.79</numero>
            <nome>1</nome>
            <escritorio>1</escritorio>
            </list-item>
            <list-item>
            <id>2</id>
            <texto>Conteúdo da Publicação</texto>
            <cnj>NNNNNNN-DD.AAAA.J.TR.OOOO</cnj>
            <vara>Vara de justica</vara>
            <numero>123.456.80</numero>
            <nome>1</nome>
            <escritorio>1</escritorio>
            </list-item>
            </root>""";

    @Test
    void readsTheNovasAnswer() {
        var notas = NotasXml.parse(NOVAS);
        assertThat(notas).extracting(NotasXml.Nota::id).containsExactly("1", "2");
        assertThat(notas.get(0).fields()).containsEntry("jornal", "Jornal sem canal")
                .containsEntry("cnj", "0016377-46.2015.8.07.0003");
    }

    @Test
    void readsThePagedListingAnswer() {
        String listing = """
                <?xml version="1.0" encoding="utf-8"?>
                <root><paginacao><pagina_atual>1</pagina_atual><itens-por-pagina>20</itens-por-pagina>
                <itens>1</itens></paginacao><notas><list-item><id>7</id><texto>T</texto><vara>V</vara>
                <numero>1</numero><nome>1</nome><escritorio>1</escritorio></list-item></notas></root>""";
        assertThat(NotasXml.parse(listing)).extracting(NotasXml.Nota::id).containsExactly("7");
    }

    @Test
    void anEmptyRootHasNoNotas() {
        assertThat(NotasXml.parse("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<root>\n</root>")).isEmpty();
    }

    @Test
    void refusesExternalEntitiesAndEntityExpansion() {
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE root [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
                <root><list-item><id>1</id><texto>&secret;</texto></list-item></root>""";
        assertThatThrownBy(() -> NotasXml.parse(xxe)).isInstanceOf(UnmappableException.class)
                .hasMessageContaining("DOCTYPE");
        String laughs = """
                <?xml version="1.0"?>
                <!DOCTYPE root [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
                <root><list-item><id>1</id><texto>&b;</texto></list-item></root>""";
        assertThatThrownBy(() -> NotasXml.parse(laughs)).isInstanceOf(UnmappableException.class);
    }

    @Test
    void refusesBrokenXmlAndNotasWithoutId() {
        assertThatThrownBy(() -> NotasXml.parse("<root><list-item>")).isInstanceOf(UnmappableException.class);
        assertThatThrownBy(() -> NotasXml.parse("<root><list-item><texto>x</texto></list-item></root>"))
                .isInstanceOf(UnmappableException.class);
    }

    @Test
    void mapsANotaToAPublication() {
        ObjectNode json = new ObjectMapper().createObjectNode();
        NotasXml.parse(NOVAS).get(0).fields().forEach(json::put);
        var publicacao = PublicacaoMapper.map(json);
        assertThat(publicacao.cnj()).isEqualTo("0016377-46.2015.8.07.0003");
        assertThat(publicacao.publicadaEm()).isEqualTo("2015-07-07T13:43:37.644581Z");
        assertThat(publicacao.nomeId()).isEqualTo(1L);
        assertThat(publicacao.fonte().id()).isEqualTo("1");

        ObjectNode placeholder = new ObjectMapper().createObjectNode();
        NotasXml.parse(NOVAS).get(1).fields().forEach(placeholder::put);
        assertThat(PublicacaoMapper.map(placeholder).cnj()).as("no valid CNJ, no link").isNull();

        placeholder.remove("texto");
        assertThatThrownBy(() -> PublicacaoMapper.map(placeholder)).isInstanceOf(UnmappableException.class);
    }
}
