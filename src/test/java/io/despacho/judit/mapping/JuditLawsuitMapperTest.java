package io.despacho.judit.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.despacho.processo.NormalizedProcess;
import io.despacho.shared.UnmappableException;
import io.despacho.testing.JuditSamples;

class JuditLawsuitMapperTest {

    static ObjectNode lawsuit() {
        return JuditSamples.lawsuit();
    }

    @Test
    void mapsTheLawsuit() {
        NormalizedProcess p = JuditLawsuitMapper.map(lawsuit(), "resp-1");
        assertThat(p.cnj()).isEqualTo("0016377-46.2015.8.07.0003");
        assertThat(p.tribunal()).isEqualTo("TJDFT");
        assertThat(p.uf()).isEqualTo("DF");
        assertThat(p.instancia()).isEqualTo(1);
        assertThat(p.classe()).isEqualTo("Procedimento Comum Cível");
        assertThat(p.assunto()).isEqualTo("Contratos Bancários");
        assertThat(p.vara()).isEqualTo("2ª Vara Cível de Ceilândia");
        assertThat(p.valorCausa()).isEqualByComparingTo(new BigDecimal("50794.08"));
        assertThat(p.distribuidoEm()).isEqualTo("2015-07-01");
        assertThat(p.atualizadoEm()).isEqualTo("2026-11-20T12:00:00");
        assertThat(p.fonte().provedor()).isEqualTo("JUDIT");
        assertThat(p.fonte().id()).isEqualTo("resp-1");
    }

    @Test
    void mapsPartiesSidesDocumentsAndLawyers() {
        NormalizedProcess p = JuditLawsuitMapper.map(lawsuit(), "resp-1");
        assertThat(p.partes()).extracting(NormalizedProcess.Parte::polo).containsExactly("ATIVO", "PASSIVO",
                "NEUTRO");
        assertThat(p.partes().get(0).documento()).isEqualTo("59285411000385");
        assertThat(p.partes().get(0).tipoDocumento()).isEqualTo("CNPJ");
        assertThat(p.partes().get(1).documento()).as("from documents[] when main_document is absent")
                .isEqualTo("52998224725");
        assertThat(p.partes().get(0).advogados()).singleElement().satisfies(a -> {
            assertThat(a.oab()).isEqualTo("030820");
            assertThat(a.uf()).isEqualTo("RS");
        });
        assertThat(p.movimentacoes()).extracting(NormalizedProcess.Movimentacao::id).containsExactly("s-2", "s-1");
        assertThat(p.movimentacoes().get(0).data()).isEqualTo("2016-05-03");
        assertThat(p.anexos()).singleElement().satisfies(a -> assertThat(a.movimentacaoId()).isEqualTo("s-1"));
    }

    @Test
    void theVersionIsTheLawsuitsUpdateTime() {
        ObjectNode lawsuit = lawsuit();
        assertThat(JuditLawsuitMapper.version(lawsuit)).contains(Instant.parse("2026-11-20T12:00:00Z"));
        lawsuit.remove("updated_at");
        lawsuit.remove("crawler");
        assertThat(JuditLawsuitMapper.version(lawsuit)).contains(Instant.parse("2016-05-03T18:25:01Z"));
    }

    @Test
    void aLawsuitWithoutAValidCnjIsUnmappable() {
        ObjectNode lawsuit = lawsuit();
        lawsuit.put("code", "0016377-47.2015.8.07.0003");
        assertThatThrownBy(() -> JuditLawsuitMapper.map(lawsuit, "r")).isInstanceOf(UnmappableException.class);
        lawsuit.remove("code");
        assertThatThrownBy(() -> JuditLawsuitMapper.map(lawsuit, "r")).isInstanceOf(UnmappableException.class);
    }
}
