package io.despacho.judit.consulta;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.despacho.shared.Documents;

/**
 * What a consulta searches for: a CPF or CNPJ (check digits verified) or an OAB registration (number and UF).
 * {@link #searchKey()} is what Judit is sent: the digits of a CPF/CNPJ, "123456/SP" for an OAB.
 */
public record ConsultaDocument(String tipo, String documento) {

    static final Set<String> UFS = Set.of("AC", "AL", "AM", "AP", "BA", "CE", "DF", "ES", "GO", "MA", "MG", "MS", "MT",
            "PA", "PB", "PE", "PI", "PR", "RJ", "RN", "RO", "RR", "RS", "SC", "SE", "SP", "TO");
    /** 123456/SP, 123456-SP, 123456 SP, SP123456, SP 123456, with an optional letter suffix (123456A/SP). */
    private static final Pattern OAB_NUMBER_FIRST = Pattern.compile("(\\d{1,7}[A-Z]?)\\s*[/-]?\\s*([A-Z]{2})");
    private static final Pattern OAB_UF_FIRST = Pattern.compile("([A-Z]{2})\\s*[/-]?\\s*(\\d{1,7}[A-Z]?)");

    /** The document, or why it was refused (a message that never repeats the document). */
    public static Result parse(String tipo, String documento) {
        if (tipo == null || documento == null || documento.isBlank()) {
            return Result.refused("tipo (CPF, CNPJ or OAB) and documento are required");
        }
        String type = tipo.trim().toUpperCase(Locale.ROOT);
        String text = documento.trim().toUpperCase(Locale.ROOT);
        return switch (type) {
            case "CPF" -> text.matches("[\\d.\\-\\s]+") && Documents.validCpf(text.replaceAll("\\D", ""))
                    ? Result.ok(new ConsultaDocument(type, text.replaceAll("\\D", "")))
                    : Result.refused("not a valid CPF (11 digits with the right check digits)");
            case "CNPJ" -> text.matches("[\\d./\\-\\s]+") && Documents.validCnpj(text.replaceAll("\\D", ""))
                    ? Result.ok(new ConsultaDocument(type, text.replaceAll("\\D", "")))
                    : Result.refused("not a valid CNPJ (14 digits with the right check digits)");
            case "OAB" -> oab(text).map(Result::ok).orElseGet(() -> Result.refused(
                    "not an OAB registration: give the number and the UF, e.g. 123456/SP"));
            default -> Result.refused("tipo must be CPF, CNPJ or OAB");
        };
    }

    private static Optional<ConsultaDocument> oab(String text) {
        Matcher numberFirst = OAB_NUMBER_FIRST.matcher(text);
        Matcher ufFirst = OAB_UF_FIRST.matcher(text);
        String number;
        String uf;
        if (numberFirst.matches()) {
            number = numberFirst.group(1);
            uf = numberFirst.group(2);
        } else if (ufFirst.matches()) {
            number = ufFirst.group(2);
            uf = ufFirst.group(1);
        } else {
            return Optional.empty();
        }
        return UFS.contains(uf) ? Optional.of(new ConsultaDocument("OAB", number + "/" + uf)) : Optional.empty();
    }

    /** Judit's search_type: cpf, cnpj or oab. */
    public String searchType() {
        return tipo.toLowerCase(Locale.ROOT);
    }

    public String searchKey() {
        return documento;
    }

    /** For logs: a CPF/CNPJ masked, an OAB (public) as is. */
    public String masked() {
        return "OAB".equals(tipo) ? documento : Documents.mask(documento);
    }

    public record Result(ConsultaDocument document, String error) {
        static Result ok(ConsultaDocument document) {
            return new Result(document, null);
        }

        static Result refused(String error) {
            return new Result(null, error);
        }

        public boolean valid() {
            return document != null;
        }
    }
}
