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

    /**
     * A page of the processes a report lists: {@code processos} names each (number as the court formats it, CNJ when
     * valid, tribunal, instance); {@code cnjs} keeps the CNJs of that page alone, as before non-CNJ processes.
     */
    public record Processos(long relatorio, int total, int page, int size, List<String> cnjs,
            List<Processo> processos) {
    }

    public record Processo(String numero, String cnj, String tribunal, int instancia) {
    }
}
