package io.despacho.publicacao;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A publication in an official journal (a Justiça Fácil nota), as published on despacho.publicacoes. {@code cnj} is
 * set when the nota names a valid CNJ; the process is then at /api/processos/{cnj} once Despacho has it.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record NormalizedPublicacao(String id, String cnj, String texto, String jornal, String disponibilizadaEm,
        String publicadaEm, String vara, String numero, Long nomeId, Long escritorioId, Fonte fonte) {

    public record Fonte(String provedor, String id) {
    }
}
