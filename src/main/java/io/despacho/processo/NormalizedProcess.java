package io.despacho.processo;

import java.math.BigDecimal;
import java.util.List;

/**
 * The normalized process published on {@code despacho.processos} and served by {@code GET /api/processos/{cnj}}.
 * Field names are the contract of DESIGN.md: fields may be added, never renamed.
 */
public record NormalizedProcess(
        String cnj,
        String tribunal,
        String uf,
        Integer instancia,
        String classe,
        String area,
        String assunto,
        String comarca,
        String foro,
        String vara,
        String juiz,
        BigDecimal valorCausa,
        String distribuidoEm,
        String situacao,
        boolean arquivado,
        boolean extinto,
        boolean segredoJustica,
        String atualizadoEm,
        List<Parte> partes,
        List<Movimentacao> movimentacoes,
        List<Anexo> anexos,
        List<Audiencia> audiencias,
        List<Relacionado> relacionados,
        Fonte fonte,
        // additions to the DESIGN.md example
        String numeroAlternativo,
        List<String> classes,
        String sentencaEm,
        String ultimoAcessoEm) {

    public record Parte(String nome, String documento, String tipoDocumento, String polo, String papel,
            List<Advogado> advogados) {
    }

    public record Advogado(String nome, String oab, String uf) {
    }

    public record Movimentacao(String id, String data, String titulo, String texto, String juiz) {
    }

    public record Anexo(String id, String url, String tipo, String publicadoEm, String titulo, String movimentacaoId) {
    }

    public record Audiencia(String dataHora, String local, String tipo, String situacao) {
    }

    public record Relacionado(String numero, String tribunal, Integer instancia, String natureza, String distribuidoEm,
            String fonteId) {
    }

    public record Fonte(String provedor, String id) {
    }
}
