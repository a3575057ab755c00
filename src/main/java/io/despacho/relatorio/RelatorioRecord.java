package io.despacho.relatorio;

import java.util.List;

/** A Digesto virtual report as published on {@code despacho.relatorios} and served by {@code GET /api/relatorios}. */
public record RelatorioRecord(
        long id,
        String status,
        String nome,
        Integer progresso,
        Integer totalProcessos,
        int processosArmazenados,
        int processosIgnorados,
        String finalizadoEm,
        String atualizadoEm,
        Fonte fonte) {

    public record Fonte(String provedor, String id) {
    }

    /** A page of the CNJs a report lists. */
    public record Processos(long relatorio, int total, int page, int size, List<String> cnjs) {
    }
}
