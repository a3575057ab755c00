package io.despacho.pedido;

import java.math.BigDecimal;
import java.util.List;

/** The normalized Anoreg/MT pedido published on {@code despacho.pedidos} and served by {@code GET /api/pedidos/{id}}. */
public record NormalizedPedido(
        long id,
        String protocolo,
        String status,
        String tipo,
        String cns,
        String cartorio,
        String descricao,
        BigDecimal valor,
        String criadoEm,
        String atualizadoEm,
        List<Parte> partes,
        List<Andamento> andamentos,
        List<Certidao> certidoes,
        List<Anexo> anexos,
        Fonte fonte,
        // additions: the integrator's note given when the pedido was created (Anoreg: observacao_remetente)
        String observacaoRemetente) {

    /** A party with its CPF/CNPJ typed; toString masks the document so an accidental log line never shows it whole. */
    public record Parte(String nome, String documento, String tipoDocumento) {
        @Override
        public String toString() {
            return "Parte[nome=" + nome + ", documento=" + io.despacho.shared.Documents.mask(documento)
                    + ", tipoDocumento=" + tipoDocumento + "]";
        }
    }

    public record Andamento(String id, String data, String descricao, String fase) {
    }

    public record Certidao(String id, String tipo, String status, String url, String emitidaEm) {
    }

    public record Anexo(String titulo, String url) {
    }

    public record Fonte(String provedor, String id) {
    }
}
