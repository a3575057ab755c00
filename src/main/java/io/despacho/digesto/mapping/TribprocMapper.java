package io.despacho.digesto.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import io.despacho.processo.NormalizedProcess;
import io.despacho.processo.NormalizedProcess.Advogado;
import io.despacho.processo.NormalizedProcess.Anexo;
import io.despacho.processo.NormalizedProcess.Audiencia;
import io.despacho.processo.NormalizedProcess.Fonte;
import io.despacho.processo.NormalizedProcess.Movimentacao;
import io.despacho.processo.NormalizedProcess.Parte;
import io.despacho.processo.NormalizedProcess.Relacionado;
import io.despacho.shared.Cnj;
import io.despacho.shared.Documents;
import io.despacho.shared.Dates;
import io.despacho.shared.Json;
import io.despacho.shared.Numbers;
import io.despacho.shared.ProcessNumber;
import io.despacho.shared.UnmappableException;

/**
 * Maps a Digesto process (the {@code GET /api/tribproc} schema of providers/digesto-base-judicial.txt) to the
 * normalized process. Accepts both shapes Digesto uses: the tuple form of webhooks 13/4 ({@code partes} of up to 17
 * positions, {@code movs} of 6, {@code anexos} of 8, or 7 in evt_type 4) and the object form of virtual-report
 * {@code _source}s. What the model has no field for stays in the raw payload kept beside the rows.
 */
public final class TribprocMapper {

    /** Digesto's attachment type codes (anexos position 2). */
    static final Map<Integer, String> ANEXO_TIPOS = Map.ofEntries(Map.entry(1, "INICIAL"), Map.entry(2, "SENTENCA"),
            Map.entry(3, "OUTROS"), Map.entry(4, "AJUIZAMENTO"), Map.entry(5, "ACORDAO"), Map.entry(6, "DESPACHO"),
            Map.entry(7, "CERTIDAO"), Map.entry(9, "DOCUMENTO"), Map.entry(10, "PROCURACAO"), Map.entry(11, "ATA"),
            Map.entry(12, "LAUDO"));
    private static final String NO_LAWYER = "NAO CONSTA ADVOGADO";

    private TribprocMapper() {
    }

    /**
     * @param process the process object
     * @param distributionEvent true for evt_type 4, whose anexos tuples skip the text (7 positions)
     */
    public static NormalizedProcess map(JsonNode process, boolean distributionEvent) {
        if (process == null || !process.isObject()) {
            throw new UnmappableException("the process is not a JSON object");
        }
        ProcessNumber number = ProcessNumber.parse(Json.text(process.get("numero")));
        JsonNode extinto = process.get("extinto");
        return new NormalizedProcess(
                number.numero(),
                number.cnj().map(Cnj::formatted).orElse(null),
                Json.code(process.get("tribunal"), 32),
                Json.text(process.get("uf")),
                integer(process.get("instancia"), 1),
                Json.text(process.get("classeNatureza")),
                Json.text(process.get("area")),
                Json.text(process.get("assuntoExtra")),
                Json.text(process.get("comarca")),
                Json.text(process.get("foro")),
                Json.text(process.get("vara")),
                Json.text(process.get("juiz")),
                Json.amount(process.get("valor"), "digesto.valor"),
                Dates.date(process.get("distribuicaoData")),
                Json.text(process.get("situacao")),
                bool(process.get("arquivado")),
                bool(extinto),
                bool(process.get("segredo_justica")),
                Dates.dateTimeText(process.get("alteradoEm")),
                list(process.get("partes"), TribprocMapper::parte),
                list(process.get("movs"), TribprocMapper::movimentacao),
                list(process.get("anexos"), a -> anexo(a, distributionEvent)),
                list(process.get("audiencias"), TribprocMapper::audiencia),
                list(process.get("processosRelacionados"), TribprocMapper::relacionado),
                new Fonte("DIGESTO", Json.id(process.get("processoID"))),
                blankToNull(Json.text(process.get("numeroAlternativo"))),
                strings(process.get("classes")),
                Dates.date(process.get("sentencaData")),
                ultimoAcesso(process.get("acessos")));
    }

    // ---------------------------------------------------------------- partes

    static Parte parte(JsonNode p) {
        if (p.isArray()) {
            // 0 participação, 1 parte id, 2 nome, 3 nome normalizado, 4 cnpj, 5 cpf, 6 documento formatado,
            // 7 relação id, 8 relação, 9 advogados, 10 autora, 11 co-autora, 12 ré, 13 neutra, 14 CEP,
            // 15 monitored_person, 16 pessoa física
            String documento = documento(p.get(6), p.get(4), p.get(5));
            return new Parte(Json.text(p.get(2)), documento, Documents.type(documento),
                    polo(bool(p.get(10)) || bool(p.get(11)), bool(p.get(12)), bool(p.get(13))), Json.text(p.get(8)),
                    list(p.get(9), TribprocMapper::advogado), cep(p.get(14)), optionalBool(p.get(16)),
                    blankToNull(Json.text(p.get(15))));
        }
        String documento = documento(p.get("documento"), p.get("cnpj"), p.get("cpf"));
        return new Parte(firstText(p, "nomeParte", "nome"), documento, Documents.type(documento),
                polo(bool(p.get("is_autora")) || bool(p.get("is_coautora")), bool(p.get("is_re")),
                        bool(p.get("is_neutra"))),
                Json.text(p.get("relacaoNormalizado")), list(p.get("advogados"), TribprocMapper::advogado),
                cep(p.get("cep")), optionalBool(p.has("is_pessoa_fisica") ? p.get("is_pessoa_fisica")
                        : p.get("pessoa_fisica")),
                blankToNull(Json.text(p.has("monitored_person_id") ? p.get("monitored_person_id")
                        : p.get("monitored_person"))));
    }

    /** Digesto sends the CEP as an int (leading zero lost): 8 digits again, or null. */
    static String cep(JsonNode node) {
        String digits = node == null || node.isNull() ? "" : node.asText().replaceAll("\\D", "");
        return digits.isEmpty() || digits.length() > 8 ? null : leftPad(digits, 8);
    }

    static Boolean optionalBool(JsonNode node) {
        return node == null || node.isNull() ? null : bool(node);
    }

    static Advogado advogado(JsonNode a) {
        // tuple: 0 id, 1 nome, 2 oab, 3 cpf, 4 uf
        String nome = a.isArray() ? Json.text(a.get(1)) : firstText(a, "nome", "nomeAdvogado");
        if (nome == null || nome.isBlank() || NO_LAWYER.equalsIgnoreCase(nome.trim())) {
            return null;
        }
        String oab = blankToNull(a.isArray() ? Json.text(a.get(2)) : Json.text(a.get("oab")));
        String uf = blankToNull(a.isArray() ? Json.text(a.get(4)) : Json.text(a.get("uf")));
        return new Advogado(nome, oab, uf);
    }

    static String documento(JsonNode formatted, JsonNode cnpj, JsonNode cpf) {
        String digits = formatted == null || formatted.isNull() ? "" : formatted.asText().replaceAll("\\D", "");
        if (digits.length() == 11 || digits.length() == 14) {
            return digits;
        }
        if (cnpj != null && !cnpj.isNull() && !cnpj.asText().isBlank()) {
            return leftPad(cnpj.asText().replaceAll("\\D", ""), 14);
        }
        if (cpf != null && !cpf.isNull() && !cpf.asText().isBlank()) {
            return leftPad(cpf.asText().replaceAll("\\D", ""), 11);
        }
        return null;
    }

    /**
     * Autora or co-autora → ATIVO, ré → PASSIVO, neutra (position 13) → NEUTRO. A party marked both ré and neutra
     * is NEUTRO: the explicit neutral flag wins. No flag at all: NEUTRO.
     */
    static String polo(boolean ativo, boolean passivo, boolean neutro) {
        if (ativo) {
            return "ATIVO";
        }
        return passivo && !neutro ? "PASSIVO" : "NEUTRO";
    }

    // ---------------------------------------------------------------- movs, anexos, audiências, relacionados

    static Movimentacao movimentacao(JsonNode m) {
        // tuple: 0 data, 1 tipo, 2 texto, 3 juiz, 4 id, 5 tipo inteligente
        boolean tuple = m.isArray();
        JsonNode date = tuple ? m.get(0) : m.get("data");
        String titulo = tuple ? Json.text(m.get(1)) : Json.text(m.get("tipo"));
        String texto = tuple ? Json.text(m.get(2)) : Json.text(m.get("texto"));
        String juiz = tuple ? Json.text(m.get(3)) : Json.text(m.get("juiz"));
        String id = Json.id(tuple ? m.get(4) : m.get("id"));
        String data = Dates.date(date);
        return Movimentacao.of(id, data, titulo, texto, juiz);
    }

    static Anexo anexo(JsonNode a, boolean distributionEvent) {
        if (!a.isArray()) {
            return new Anexo(Json.id(a.get("id")), Json.text(a.get("url")), anexoTipo(a.get("tipo")),
                    Dates.dateTimeText(a.get("data")), Json.text(a.get("titulo")), Json.text(a.get("mov_id")));
        }
        // 0 id, 1 url, 2 tipo, 3 publicação, [4 texto], obtenção, id movimentação, título; evt_type 4 skips texto
        int skip = distributionEvent || a.size() == 7 ? 1 : 0;
        return new Anexo(Json.id(a.get(0)), Json.text(a.get(1)), anexoTipo(a.get(2)), Dates.dateTimeText(a.get(3)),
                Json.text(a.get(7 - skip)), Json.text(a.get(6 - skip)));
    }

    static String anexoTipo(JsonNode tipo) {
        if (tipo == null || tipo.isNull()) {
            return null;
        }
        if (!tipo.isNumber()) {
            return tipo.asText();
        }
        return Numbers.integer(tipo).map(code -> ANEXO_TIPOS.getOrDefault(code, "OUTROS")).orElse("OUTROS");
    }

    static Audiencia audiencia(JsonNode a) {
        // tuple: 0 data e hora, 1 local, 2 tipo, 3 situação
        if (a.isArray()) {
            return new Audiencia(Dates.dateTimeText(a.get(0)), Json.text(a.get(1)), Json.text(a.get(2)), Json.text(a.get(3)));
        }
        return new Audiencia(Dates.dateTimeText(a.get("datahora")), Json.text(a.get("local")), Json.text(a.get("tipo")),
                Json.text(a.get("situacao")));
    }

    static Relacionado relacionado(JsonNode r) {
        String numero = Json.text(r.get("numero"));
        String codigo = Json.text(r.get("codigo_identificador"));
        return new Relacionado(numero, Json.text(r.get("tribunal")), integer(r.get("instancia"), null),
                Json.text(r.get("natureza")), Dates.date(r.get("distribuicao_data")), Json.text(r.get("id")),
                relatedCnj(numero, codigo), codigo);
    }

    /**
     * The CNJ a related process stands for: its numero with the leading zeros Digesto drops put back
     * ("29200420178190209" → 0002920-04.2017.8.19.0209), else the number that opens codigo_identificador.
     */
    static String relatedCnj(String numero, String codigoIdentificador) {
        if (numero != null && numero.strip().matches("\\d{1,20}")) {
            Optional<Cnj> padded = Cnj.parse(leftPad(numero.strip(), 20));
            if (padded.isPresent()) {
                return padded.get().formatted();
            }
        }
        Optional<Cnj> parsed = Cnj.parse(numero);
        if (parsed.isEmpty() && codigoIdentificador != null && !codigoIdentificador.isBlank()) {
            parsed = Cnj.parse(codigoIdentificador.strip().split("\\s+", 2)[0]);
        }
        return parsed.map(Cnj::formatted).orElse(null);
    }

    /** API v2 sends a list (most recent first), v1 a ";"-separated string. */
    static String ultimoAcesso(JsonNode acessos) {
        if (acessos == null || acessos.isNull()) {
            return null;
        }
        List<String> all = new ArrayList<>();
        if (acessos.isArray()) {
            acessos.forEach(a -> all.add(a.asText()));
        } else {
            all.addAll(List.of(acessos.asText().split(";")));
        }
        return all.stream().map(s -> Dates.dateTimeText(com.fasterxml.jackson.databind.node.TextNode.valueOf(s)))
                .filter(java.util.Objects::nonNull).max(String::compareTo).orElse(null);
    }

    // ---------------------------------------------------------------- small readers

    static <T> List<T> list(JsonNode array, Function<JsonNode, T> mapper) {
        if (array == null || !array.isArray()) {
            return List.of();
        }
        List<T> out = new ArrayList<>(array.size());
        for (JsonNode item : array) {
            if (item != null && (item.isArray() || item.isObject())) {
                T mapped = mapper.apply(item);
                if (mapped != null) {
                    out.add(mapped);
                }
            }
        }
        return List.copyOf(out);
    }

    static List<String> strings(JsonNode array) {
        if (array == null || !array.isArray()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        array.forEach(s -> out.add(s.asText()));
        return List.copyOf(out);
    }

    static String firstText(JsonNode node, String... names) {
        for (String name : names) {
            String value = Json.text(node.get(name));
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    static boolean bool(JsonNode node) {
        if (node == null || node.isNull()) {
            return false;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        // 1 / "1" / "S": Digesto's flags; a number is read within bounds (never expanded)
        String text = node.asText().trim();
        return text.equalsIgnoreCase("true") || text.equalsIgnoreCase("s") || text.equalsIgnoreCase("sim")
                || Numbers.decimal(node).map(d -> d.signum() > 0).orElse(false);
    }

    static Integer integer(JsonNode node, Integer fallback) {
        return Numbers.integer(node).orElse(fallback);
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    static String leftPad(String digits, int length) {
        return digits.length() >= length ? digits : "0".repeat(length - digits.length()) + digits;
    }
}
