package io.despacho.judit.mapping;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import io.despacho.shared.Dates;
import io.despacho.processo.NormalizedProcess;
import io.despacho.processo.NormalizedProcess.Advogado;
import io.despacho.processo.NormalizedProcess.Anexo;
import io.despacho.processo.NormalizedProcess.Fonte;
import io.despacho.processo.NormalizedProcess.Movimentacao;
import io.despacho.processo.NormalizedProcess.Parte;
import io.despacho.shared.Cnj;
import io.despacho.shared.Documents;
import io.despacho.shared.Json;
import io.despacho.shared.Numbers;
import io.despacho.shared.ProcessNumber;
import io.despacho.shared.UnmappableException;

/**
 * A Judit lawsuit ({@code page_data[].response_data} of GET /responses, response_type "lawsuit") → the normalized
 * process. Field names follow Judit's glossary (code, tribunal_acronym, instance, parties[].side, steps[], ...): the
 * provider page in providers/ names the response's envelope but not the lawsuit's fields, see README "Judit".
 */
public final class JuditLawsuitMapper {

    public static final String PROVIDER = "JUDIT";

    private JuditLawsuitMapper() {
    }

    public static NormalizedProcess map(JsonNode lawsuit, String responseId) {
        if (lawsuit == null || !lawsuit.isObject()) {
            throw new UnmappableException("the lawsuit is not a JSON object");
        }
        ProcessNumber number = ProcessNumber.parse(Json.text(lawsuit.get("code")));
        String situacao = Json.text(lawsuit.get("status"));
        String phase = Json.text(lawsuit.get("phase"));
        String state = ((situacao == null ? "" : situacao) + " " + (phase == null ? "" : phase))
                .toLowerCase(Locale.ROOT);
        return new NormalizedProcess(
                number.numero(),
                number.cnj().map(Cnj::formatted).orElse(null),
                Json.code(lawsuit.get("tribunal_acronym"), 32),
                Json.text(lawsuit.get("state")),
                Numbers.integer(lawsuit.get("instance")).orElse(1),
                firstName(lawsuit.get("classifications")),
                Json.text(lawsuit.get("area")),
                firstName(lawsuit.get("subjects")),
                Json.text(lawsuit.get("county")),
                Json.text(lawsuit.get("city")),
                firstName(lawsuit.get("courts")),
                Json.text(lawsuit.get("judge")),
                Json.amount(lawsuit.get("amount"), "judit.amount"),
                Dates.date(lawsuit.get("distribution_date")),
                situacao,
                state.contains("arquiv"),
                state.contains("extin"),
                Numbers.integer(lawsuit.get("secrecy_level")).orElse(0) > 0,
                Dates.dateTimeText(updatedAt(lawsuit)),
                list(lawsuit.get("parties"), JuditLawsuitMapper::parte),
                list(lawsuit.get("steps"), JuditLawsuitMapper::movimentacao),
                list(lawsuit.get("attachments"), JuditLawsuitMapper::anexo),
                List.of(),
                List.of(),
                new Fonte(PROVIDER, responseId),
                null,
                names(lawsuit.get("classifications")),
                null,
                Dates.dateTimeText(lawsuit.path("crawler").get("updated_at")));
    }

    /** The snapshot's time, which decides whether it may replace the stored one. */
    public static Optional<Instant> version(JsonNode lawsuit) {
        return Dates.instant(updatedAt(lawsuit));
    }

    private static JsonNode updatedAt(JsonNode lawsuit) {
        for (JsonNode candidate : List.of(lawsuit.path("updated_at"), lawsuit.path("crawler").path("updated_at"),
                lawsuit.path("last_step").path("step_date"))) {
            if (candidate.isTextual() && !candidate.textValue().isBlank()) {
                return candidate;
            }
        }
        return null;
    }

    static Parte parte(JsonNode p) {
        String nome = Json.text(p.get("name"));
        if (nome == null) {
            return null;
        }
        String documento = Documents.digits(Json.text(p.get("main_document")));
        if (documento == null) {
            for (JsonNode d : iterable(p.get("documents"))) {
                String type = d.path("document_type").asText("").toUpperCase(Locale.ROOT);
                if (type.equals("CPF") || type.equals("CNPJ")) {
                    documento = Documents.digits(Json.text(d.get("document")));
                    break;
                }
            }
        }
        String side = p.path("side").asText("");
        String polo = side.equalsIgnoreCase("Active") ? "ATIVO" : side.equalsIgnoreCase("Passive") ? "PASSIVO"
                : "NEUTRO";
        return new Parte(nome, documento, Documents.type(documento), polo, Json.text(p.get("person_type")),
                list(p.get("lawyers"), JuditLawsuitMapper::advogado));
    }

    /** The OAB comes as a document of type "oab", e.g. "123456SP" or "SP123456". */
    static Advogado advogado(JsonNode a) {
        String nome = Json.text(a.get("name"));
        if (nome == null) {
            return null;
        }
        for (JsonNode d : iterable(a.get("documents"))) {
            if (d.path("document_type").asText("").equalsIgnoreCase("oab")) {
                String oab = d.path("document").asText("").toUpperCase(Locale.ROOT).replaceAll("[^0-9A-Z]", "");
                String digits = oab.replaceAll("\\D", "");
                String letters = oab.replaceAll("[^A-Z]", "");
                return new Advogado(nome, digits.isEmpty() ? null : digits,
                        letters.length() >= 2 ? letters.substring(letters.length() - 2) : null);
            }
        }
        return new Advogado(nome, null, null);
    }

    static Movimentacao movimentacao(JsonNode s) {
        return Movimentacao.of(Json.id(s.get("step_id")), Dates.date(s.get("step_date")),
                Json.text(s.get("step_type")), Json.text(s.get("content")), null);
    }

    static Anexo anexo(JsonNode a) {
        return new Anexo(Json.id(a.get("attachment_id")), null, Json.text(a.get("extension")),
                Dates.dateTimeText(a.get("attachment_date")), Json.text(a.get("attachment_name")),
                Json.text(a.get("step_id")));
    }

    private static String firstName(JsonNode array) {
        List<String> names = names(array);
        return names.isEmpty() ? null : names.get(0);
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        for (JsonNode item : iterable(array)) {
            String name = item.isTextual() ? item.textValue() : Json.text(item.get("name"));
            if (name != null && !name.isBlank()) {
                names.add(name);
            }
        }
        return List.copyOf(names);
    }

    private static <T> List<T> list(JsonNode array, Function<JsonNode, T> mapper) {
        List<T> out = new ArrayList<>();
        for (JsonNode item : iterable(array)) {
            if (item.isObject()) {
                T mapped = mapper.apply(item);
                if (mapped != null) {
                    out.add(mapped);
                }
            }
        }
        return List.copyOf(out);
    }

    private static Iterable<JsonNode> iterable(JsonNode array) {
        return array != null && array.isArray() ? array : List.of();
    }
}
