package io.despacho.processo;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;

import io.despacho.shared.Hashing;
import io.despacho.shared.ProcessNumber;

/**
 * The normalized process published on {@code despacho.processos} and served by {@code GET /api/processos/{numero}}.
 * Field names are the contract of DESIGN.md: fields may be added, never renamed. {@code numero} is always the
 * number as the court formats it; {@code cnj} is set only when that number is a valid CNJ.
 */
public record NormalizedProcess(
        String numero,
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

    /** Its identity and downstream key: the CNJ digits, else {@code <tribunal>:<numero>}. */
    @JsonIgnore
    public String chave() {
        return ProcessNumber.key(cnj, tribunal, numero);
    }

    /** cep, pessoaFisica and pessoaMonitoradaId: Digesto's tuple positions 14–16 (null where not given). */
    public record Parte(String nome, String documento, String tipoDocumento, String polo, String papel,
            List<Advogado> advogados, String cep, Boolean pessoaFisica, String pessoaMonitoradaId) {

        public Parte(String nome, String documento, String tipoDocumento, String polo, String papel,
                List<Advogado> advogados) {
            this(nome, documento, tipoDocumento, polo, papel, advogados, null, null, null);
        }
    }

    public record Advogado(String nome, String oab, String uf) {
    }

    public record Movimentacao(String id, String data, String titulo, String texto, String juiz) {

        /** A movement without a provider id (or an unusable one) still needs a stable one, or a repeat would duplicate it. */
        public static Movimentacao of(String id, String data, String titulo, String texto, String juiz) {
            return new Movimentacao(id != null ? id
                    : "h" + Hashing.sha256Hex(data + "|" + titulo + "|" + texto).substring(0, 15), data, titulo, texto,
                    juiz);
        }
    }

    public record Anexo(String id, String url, String tipo, String publicadoEm, String titulo, String movimentacaoId) {
    }

    public record Audiencia(String dataHora, String local, String tipo, String situacao) {
    }

    /**
     * {@code numero} exactly as the provider gives it (Digesto drops a CNJ's leading zeros there); {@code cnj} the
     * valid CNJ it stands for, formatted, when there is one; {@code codigoIdentificador} Digesto's number + class text.
     */
    public record Relacionado(String numero, String tribunal, Integer instancia, String natureza, String distribuidoEm,
            String fonteId, String cnj, String codigoIdentificador) {
    }

    public record Fonte(String provedor, String id) {
    }
}
