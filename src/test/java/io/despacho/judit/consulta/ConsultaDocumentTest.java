package io.despacho.judit.consulta;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.despacho.shared.Documents;

class ConsultaDocumentTest {

    @Test
    void cpfAndCnpjNeedTheirCheckDigits() {
        assertThat(ConsultaDocument.parse("cpf", "529.982.247-25").document().documento()).isEqualTo("52998224725");
        assertThat(ConsultaDocument.parse("CPF", "529.982.247-26").valid()).isFalse();
        assertThat(ConsultaDocument.parse("CPF", "111.111.111-11").valid()).as("repeated digits").isFalse();
        assertThat(ConsultaDocument.parse("CPF", "5299822472").valid()).isFalse();
        assertThat(ConsultaDocument.parse("CNPJ", "59.285.411/0003-85").document().documento())
                .isEqualTo("59285411000385");
        assertThat(ConsultaDocument.parse("CNPJ", "59.285.411/0003-84").valid()).isFalse();
        assertThat(ConsultaDocument.parse("CNPJ", "59285411000385' OR 1=1").valid()).isFalse();
    }

    @Test
    void oabTakesTheUsualWritings() {
        for (String text : new String[] { "123456/SP", "123456-sp", "123456 SP", "SP123456", "sp 123456" }) {
            assertThat(ConsultaDocument.parse("OAB", text).document().searchKey()).as(text).isEqualTo("123456/SP");
        }
        assertThat(ConsultaDocument.parse("OAB", "123456A/RJ").document().searchKey()).isEqualTo("123456A/RJ");
        assertThat(ConsultaDocument.parse("OAB", "123456/XX").valid()).as("no such UF").isFalse();
        assertThat(ConsultaDocument.parse("OAB", "123456").valid()).isFalse();
    }

    @Test
    void refusalsNeverRepeatTheDocument() {
        var refused = ConsultaDocument.parse("CPF", "529.982.247-26");
        assertThat(refused.error()).doesNotContain("529").doesNotContain("982");
        assertThat(ConsultaDocument.parse("RG", "12345").error()).contains("CPF, CNPJ or OAB");
        assertThat(ConsultaDocument.parse(null, null).valid()).isFalse();
        assertThat(ConsultaDocument.parse("CPF", "529.982.247-25").document().masked())
                .isEqualTo(Documents.mask("52998224725"));
    }
}
