package io.despacho.anoreg.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.despacho.pedido.NormalizedPedido;

class PedidoMapperTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void wrappedPedidoWithAndamentos() throws Exception {
        NormalizedPedido p = PedidoMapper.map(json("""
                {"data": {"id": 100291, "protocolo": "CEI-100291", "status": "encerrado", "cns": "000000",
                  "cartorio": "1º Ofício", "valor": "87,45", "created_at": "2026-11-27T10:00:00-04:00",
                  "updated_at": "2026-11-28T14:05:00-04:00",
                  "pedido": {"descricao": "Solicito matrícula atualizada número 14500.", "tipo_pedido": "1",
                             "anexos": [{"url": "https://x/a.pdf", "titulo": "Anexo-importante-1.pdf"}]},
                  "partes": [{"nome": "FULANO", "cpf_cnpj": "123.456.789-09"}, {"nome": "EMPRESA", "cnpj": "59285411000385"}]}}"""),
                json("{\"data\": [{\"id\": 7, \"descricao\": \"Recebido\", \"created_at\": \"2026-11-27 10:00:00\"},"
                        + " {\"descricao\": \"Sem id\", \"data\": \"2026-11-28\"}]}"),
                json("[{\"id\": 3, \"tipo\": \"Matrícula\", \"status\": \"emitida\", \"url\": \"https://x/c.pdf\"}]"));
        assertThat(p.id()).isEqualTo(100291);
        assertThat(p.protocolo()).isEqualTo("CEI-100291");
        assertThat(p.status()).isEqualTo("ENCERRADO");
        assertThat(p.tipo()).isEqualTo("1");
        assertThat(p.cns()).isEqualTo("000000");
        assertThat(p.cartorio()).isEqualTo("1º Ofício");
        assertThat(p.descricao()).startsWith("Solicito matrícula");
        assertThat(p.valor()).isEqualByComparingTo(new BigDecimal("87.45"));
        assertThat(p.atualizadoEm()).isEqualTo("2026-11-28T14:05:00-04:00");
        assertThat(p.partes()).extracting(NormalizedPedido.Parte::tipoDocumento).containsExactly("CPF", "CNPJ");
        assertThat(p.partes().get(0).documento()).isEqualTo("12345678909");
        assertThat(p.partes().get(0).toString()).doesNotContain("12345678909").contains("***");
        assertThat(p.andamentos()).hasSize(2);
        assertThat(p.andamentos().get(0).id()).isEqualTo("7");
        assertThat(p.andamentos().get(1).id()).startsWith("h");
        assertThat(p.certidoes()).singleElement().satisfies(c -> assertThat(c.status()).isEqualTo("EMITIDA"));
        assertThat(p.anexos()).singleElement().satisfies(a -> assertThat(a.titulo()).isEqualTo("Anexo-importante-1.pdf"));
    }

    @Test
    void barePedidoWithoutExtras() throws Exception {
        NormalizedPedido p = PedidoMapper.map(json("{\"id\": \"42\", \"status\": \"aberto\"}"), json("[]"), null);
        assertThat(p.id()).isEqualTo(42);
        assertThat(p.andamentos()).isEmpty();
        assertThat(p.certidoes()).isEmpty();
        assertThat(p.fonte().provedor()).isEqualTo("ANOREG_MT");
    }
}
