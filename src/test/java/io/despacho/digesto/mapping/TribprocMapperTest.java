package io.despacho.digesto.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.despacho.processo.NormalizedProcess;
import io.despacho.shared.Dates;
import io.despacho.processo.NormalizedProcess.Parte;
import io.despacho.shared.UnmappableException;

/** The sample process of providers/digesto-base-judicial.txt, position by position. */
class TribprocMapperTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static JsonNode sample;
    static JsonNode reportSource;
    static NormalizedProcess mapped;

    @BeforeAll
    static void load() throws IOException {
        sample = read("/sandbox/digesto-tribproc.json");
        reportSource = read("/sandbox/digesto-virtual-report-final.json").at("/data/hits/hits/0/_source");
        mapped = TribprocMapper.map(sample, false);
    }

    static JsonNode read(String resource) throws IOException {
        try (InputStream in = TribprocMapperTest.class.getResourceAsStream(resource)) {
            return JSON.readTree(in);
        }
    }

    @Test
    void processFields() {
        assertThat(mapped.cnj()).isEqualTo("0016377-46.2015.8.07.0003");
        assertThat(mapped.tribunal()).isEqualTo("TJDF");
        assertThat(mapped.uf()).isEqualTo("DF");
        assertThat(mapped.instancia()).as("absent → 1st instance").isEqualTo(1);
        assertThat(mapped.classe()).isEqualTo("BUSCA E APREENSAO EM ALIENACAO FIDUCIARIA");
        assertThat(mapped.area()).isEqualTo("Cível");
        assertThat(mapped.assunto()).startsWith("Alienação Fiduciária");
        assertThat(mapped.comarca()).isEqualTo("3 - CEILANDIA");
        assertThat(mapped.foro()).isEqualTo("DESCONHECIDO");
        assertThat(mapped.vara()).isEqualTo("3");
        assertThat(mapped.juiz()).isNull();
        assertThat(mapped.valorCausa()).isEqualByComparingTo(new BigDecimal("50794.08"));
        assertThat(mapped.distribuidoEm()).isEqualTo("2015-07-01");
        assertThat(mapped.situacao()).isEqualTo("ATIVO");
        assertThat(mapped.arquivado()).isFalse();
        assertThat(mapped.extinto()).as("extinto 0").isFalse();
        assertThat(mapped.segredoJustica()).isFalse();
        assertThat(mapped.atualizadoEm()).isEqualTo("2016-05-03T18:25:01");
        assertThat(mapped.numeroAlternativo()).isEqualTo("20150310165209");
        assertThat(mapped.ultimoAcessoEm()).isEqualTo("2017-10-20T13:25:43");
        assertThat(mapped.fonte().provedor()).isEqualTo("DIGESTO");
        assertThat(mapped.fonte().id()).isEqualTo("68089126");
    }

    @Test
    void parteTuplePositions() {
        Parte banco = mapped.partes().get(0);
        assertThat(banco.nome()).as("position 2").isEqualTo("BANCO PAN S.A");
        assertThat(banco.documento()).as("positions 4 and 6 (CNPJ)").isEqualTo("59285411000385");
        assertThat(banco.tipoDocumento()).isEqualTo("CNPJ");
        assertThat(banco.papel()).as("position 8").isEqualTo("AUTOR");
        assertThat(banco.polo()).as("position 10: autora").isEqualTo("ATIVO");
        assertThat(banco.advogados()).as("position 9").singleElement().satisfies(a -> {
            assertThat(a.nome()).as("lawyer position 1").isEqualTo("ROSANGELA DA ROSA CORREA");
            assertThat(a.oab()).as("lawyer position 2").isEqualTo("030820");
            assertThat(a.uf()).as("lawyer position 4").isEqualTo("RS");
        });
        Parte reu = mapped.partes().get(1);
        assertThat(reu.documento()).as("positions 5 and 6 (CPF), zero-padded").isEqualTo("03567533606");
        assertThat(reu.tipoDocumento()).isEqualTo("CPF");
        assertThat(reu.polo()).as("position 12: ré").isEqualTo("PASSIVO");
        assertThat(reu.advogados()).as("NAO CONSTA ADVOGADO is no lawyer").isEmpty();
    }

    @Test
    void coAutoraIsAtivoAndNeutraIsNeutro() {
        assertThat(TribprocMapper.polo(false, false, true)).isEqualTo("NEUTRO");
        JsonNode coAutora = tuple("[1, 2, \"X\", \"X\", null, null, null, 1, \"LITISCONSORTE\", [], false, true, false, false]");
        assertThat(TribprocMapper.parte(coAutora).polo()).as("position 11").isEqualTo("ATIVO");
        JsonNode neutra = tuple("[1, 2, \"X\", \"X\", null, null, null, 1, \"TERCEIRO\", [], false, false, false, true]");
        assertThat(TribprocMapper.parte(neutra).polo()).as("position 13").isEqualTo("NEUTRO");
        assertThat(TribprocMapper.parte(neutra).documento()).isNull();
    }

    @Test
    void movTuplePositions() {
        NormalizedProcess.Movimentacao first = mapped.movimentacoes().get(0);
        assertThat(first.data()).as("position 0").isEqualTo("2014-08-18");
        assertThat(first.titulo()).as("position 1").isEqualTo("MANDADO EXPEDIDO");
        assertThat(first.texto()).as("position 2").startsWith("Mandado nº: 100.2014/094349-7");
        assertThat(first.juiz()).as("position 3").isEqualTo("ANDREA GALHARDO PALMA");
        assertThat(first.id()).as("position 4").isEqualTo("7241345819");
        assertThat(mapped.movimentacoes()).hasSize(3);
    }

    @Test
    void movWithoutIdGetsAStableOne() {
        JsonNode mov = tuple("[\"2020-01-01\", \"DESPACHO\", \"texto\", null, null, []]");
        assertThat(TribprocMapper.movimentacao(mov).id()).isEqualTo(TribprocMapper.movimentacao(mov).id())
                .startsWith("h");
    }

    @Test
    void anexoTuplePositions() {
        NormalizedProcess.Anexo anexo = mapped.anexos().get(0);
        assertThat(anexo.id()).as("position 0").isEqualTo("8414512");
        assertThat(anexo.url()).as("position 1").endsWith("d8cda848-0b69-490e-b079-a08b6ed78ad3.pdf");
        assertThat(anexo.tipo()).as("position 2: 5 = acórdão").isEqualTo("ACORDAO");
        assertThat(anexo.publicadoEm()).as("position 3").isEqualTo("2016-05-03T00:00:00");
        JsonNode full = tuple("[1, \"u\", 2, \"2020-01-01T10:00:00\", \"texto\", \"2020-01-02T00:00:00\", 77, \"Sentença\"]");
        assertThat(TribprocMapper.anexo(full, false).movimentacaoId()).as("position 6").isEqualTo("77");
        assertThat(TribprocMapper.anexo(full, false).titulo()).as("position 7").isEqualTo("Sentença");
        JsonNode distribution = tuple("[1, \"u\", 1, \"2020-01-01T10:00:00\", \"2020-01-02T00:00:00\", 78, \"Inicial\"]");
        assertThat(TribprocMapper.anexo(distribution, true).movimentacaoId()).as("evt 4: position 5").isEqualTo("78");
        assertThat(TribprocMapper.anexo(distribution, true).titulo()).as("evt 4: position 6").isEqualTo("Inicial");
        assertThat(TribprocMapper.anexo(distribution, true).tipo()).isEqualTo("INICIAL");
    }

    @Test
    void audienciaTupleAndObject() {
        NormalizedProcess.Audiencia tuple = TribprocMapper.audiencia(
                tuple("[\"2021-03-04 14:30:00\", \"Sala 2\", \"Conciliação\", \"Realizada\"]"));
        assertThat(tuple).isEqualTo(new NormalizedProcess.Audiencia("2021-03-04T14:30:00", "Sala 2", "Conciliação",
                "Realizada"));
    }

    @Test
    void reportSourceObjectForm() {
        NormalizedProcess process = TribprocMapper.map(reportSource, false);
        assertThat(process.cnj()).isEqualTo("0002920-04.2017.8.19.0209");
        assertThat(process.extinto()).as("extinto 1").isTrue();
        assertThat(process.instancia()).isEqualTo(1);
        assertThat(process.partes()).isNotEmpty().allSatisfy(p -> assertThat(p.polo()).isIn("ATIVO", "PASSIVO",
                "NEUTRO"));
        assertThat(process.partes().get(0).nome()).isEqualTo("GUILHERME VALDETARO MATHIAS");
        assertThat(process.audiencias()).singleElement().satisfies(a -> {
            assertThat(a.dataHora()).isEqualTo("2017-04-12T00:00:00");
            assertThat(a.tipo()).isEqualTo("Sessão de Mediação");
        });
        assertThat(process.relacionados()).isNotEmpty();
        assertThat(process.relacionados().get(0).instancia()).isEqualTo(2);
        assertThat(process.ultimoAcessoEm()).as("acessos as a ';' string").isEqualTo("2022-10-11T03:09:47");
        assertThat(process.sentencaEm()).isEqualTo("2021-01-22");
    }

    @Test
    void datesInEveryForm() {
        assertThat(Dates.dateTimeText(JSON.createObjectNode().put("$date", 1462300000000L)))
                .isEqualTo("2016-05-03T18:26:40");
        assertThat(Dates.date(JSON.getNodeFactory().textNode("2015-07-01"))).isEqualTo("2015-07-01");
        assertThat(Dates.dateTimeText(JSON.getNodeFactory().textNode("2017-10-20 13:25:43")))
                .isEqualTo("2017-10-20T13:25:43");
        assertThat(Dates.dateTime(JSON.getNodeFactory().textNode("ontem"))).isEmpty();
    }

    @Test
    void invalidCnjIsUnmappable() {
        ObjectNode wrong = sample.deepCopy();
        wrong.put("numero", "0016377-47.2015.8.07.0003");
        assertThatThrownBy(() -> TribprocMapper.map(wrong, false)).isInstanceOf(UnmappableException.class)
                .hasMessageContaining("check digits");
        ObjectNode none = sample.deepCopy();
        none.remove("numero");
        assertThatThrownBy(() -> TribprocMapper.map(none, false)).isInstanceOf(UnmappableException.class);
    }

    @Test
    void aNonCnjNumberIsKeptAsTheCourtFormatsIt() {
        ObjectNode old = sample.deepCopy();
        old.put("numero", " 583.00.2011/113708 ");
        NormalizedProcess p = TribprocMapper.map(old, false);
        assertThat(p.numero()).isEqualTo("583.00.2011/113708");
        assertThat(p.cnj()).isNull();
        assertThat(p.chave()).isEqualTo("TJDF:583.00.2011/113708");
        NormalizedProcess cnj = TribprocMapper.map(sample, false);
        assertThat(cnj.numero()).isEqualTo(cnj.cnj());
        assertThat(cnj.chave()).isEqualTo(cnj.cnj().replaceAll("\\D", ""));
    }

    @Test
    void parteTuplePositionsThirteenToSixteen() {
        // 13 neutra wins over 12 ré; 14 CEP (an int: its leading zero lost); 15 monitored person; 16 pessoa física
        JsonNode parte = tuple("[1, 2, \"X\", \"X\", null, \"52998224725\", null, 1, \"TERCEIRO\", [], false, false,"
                + " true, true, 1310100, 987, true]");
        Parte mapped = TribprocMapper.parte(parte);
        assertThat(mapped.polo()).isEqualTo("NEUTRO");
        assertThat(mapped.cep()).isEqualTo("01310100");
        assertThat(mapped.pessoaMonitoradaId()).isEqualTo("987");
        assertThat(mapped.pessoaFisica()).isTrue();
        JsonNode re = tuple("[1, 2, \"Y\", \"Y\", null, null, null, 1, \"RÉU\", [], false, false, true, false]");
        assertThat(TribprocMapper.parte(re).polo()).isEqualTo("PASSIVO");
        assertThat(TribprocMapper.parte(re).cep()).isNull();
        assertThat(TribprocMapper.parte(re).pessoaFisica()).isNull();
    }

    @Test
    void relacionadoNumeroAsGivenWithTheCnjItStandsFor() {
        // Digesto drops the CNJ's leading zeros in numero (providers/digesto-saneamento-de-base.txt)
        JsonNode related = tuple("{\"codigo_identificador\": \"0002920-04.2017.8.19.0209 APELAÇÃO\", \"id\": 506214674,"
                + " \"instancia\": 2, \"natureza\": \"APELACAO\", \"numero\": \"29200420178190209\", \"tribunal\": \"TJRJ\"}");
        var mapped = TribprocMapper.relacionado(related);
        assertThat(mapped.numero()).isEqualTo("29200420178190209");
        assertThat(mapped.cnj()).isEqualTo("0002920-04.2017.8.19.0209");
        assertThat(mapped.codigoIdentificador()).startsWith("0002920-04.2017.8.19.0209");
        JsonNode old = tuple("{\"numero\": \"583.00.2011.113708\", \"codigo_identificador\": \"583.00.2011.113708 X\"}");
        assertThat(TribprocMapper.relacionado(old).cnj()).isNull();
        assertThat(TribprocMapper.relacionado(old).numero()).isEqualTo("583.00.2011.113708");
    }

    @Test
    void absurdNumbersAreRefusedFieldByField() throws IOException {
        ObjectNode absurd = sample.deepCopy();
        absurd.set("valor", JSON.readTree("\"1e500000000\""));
        absurd.put("instancia", "1e500000000");
        absurd.set("extinto", new com.fasterxml.jackson.databind.node.DecimalNode(new BigDecimal("1e500000000")));
        NormalizedProcess p = TribprocMapper.map(absurd, false);
        assertThat(p.valorCausa()).isNull();
        assertThat(p.instancia()).isEqualTo(1);
        assertThat(p.extinto()).isFalse();
        absurd.put("valor", new BigDecimal("1e18"));
        assertThat(TribprocMapper.map(absurd, false).valorCausa()).as("beyond numeric(20, 2)").isNull();
        absurd.put("valor", new BigDecimal("123456789012345.67"));
        assertThat(TribprocMapper.map(absurd, false).valorCausa()).isEqualByComparingTo("123456789012345.67");
    }

    @Test
    void reportFinishedAtInEveryDocumentedForm() throws IOException {
        assertThat(Dates.dateTimeText(JSON.readTree("{\"$date\": 1671043867000}"))).isEqualTo("2022-12-14T18:51:07");
        assertThat(Dates.dateTimeText(JSON.getNodeFactory().textNode("Wed, 14 Dec 2022 18:51:07 GMT")))
                .isEqualTo("2022-12-14T18:51:07");
        assertThat(Dates.dateTimeText(JSON.readTree("{\"$date\": 9223372036854775807}"))).isNull();
    }

    static JsonNode tuple(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
