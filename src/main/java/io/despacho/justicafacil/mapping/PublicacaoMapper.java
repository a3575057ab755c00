package io.despacho.justicafacil.mapping;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;

import io.despacho.publicacao.NormalizedPublicacao;
import io.despacho.shared.Cnj;
import io.despacho.shared.UnmappableException;

/** A nota as the poller put it on the inbound topic (its XML elements as a JSON object) → a publication. */
public final class PublicacaoMapper {

    public static final String PROVIDER = "JUSTICAFACIL";

    private PublicacaoMapper() {
    }

    public static NormalizedPublicacao map(JsonNode nota) {
        String id = text(nota, "id");
        if (id == null || !id.matches("\\d{1,19}")) {
            throw new UnmappableException("the nota has no numeric id");
        }
        String texto = text(nota, "texto");
        if (texto == null) {
            throw new UnmappableException("nota " + id + " has no texto");
        }
        return new NormalizedPublicacao(id,
                Cnj.parse(text(nota, "cnj")).map(Cnj::formatted).orElse(null),
                texto, text(nota, "jornal"), instant(text(nota, "disponibilizacao")),
                instant(text(nota, "publicacao")), text(nota, "vara"), text(nota, "numero"),
                number(text(nota, "nome")), number(text(nota, "escritorio")),
                new NormalizedPublicacao.Fonte(PROVIDER, id));
    }

    private static String text(JsonNode nota, String field) {
        JsonNode value = nota.get(field);
        return value == null || !value.isTextual() || value.textValue().isBlank() ? null : value.textValue().trim();
    }

    /** ISO instants as the API sends them (2015-07-07T13:33:29.812369Z), or a bare date; otherwise null. */
    private static String instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text).toString();
        } catch (DateTimeParseException notAnInstant) {
            return text.matches("\\d{4}-\\d{2}-\\d{2}") ? text + "T00:00:00Z" : null;
        }
    }

    private static Long number(String text) {
        return text != null && text.matches("\\d{1,18}") ? Long.parseLong(text) : null;
    }
}
