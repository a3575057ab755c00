package io.despacho.digesto.request;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.despacho.problem.Problem;
import io.despacho.shared.Cnj;

/** The body of POST /api/relatorios: {"cnjs": [...]}, each a valid CNJ, duplicates dropped, at most 40,000. */
public final class ReportCnjs {

    /** Digesto's limit per virtual report (digesto-saneamento-de-base.txt). */
    public static final int MAX_CNJS = 40_000;
    /** A body with thousands of bad numbers gets the first ones named, not a megabyte of errors. */
    static final int MAX_VIOLATIONS = 50;

    /** Distinct CNJs in the order given, or why the body was refused. */
    public record Parsed(List<Cnj> cnjs, List<Problem.Violation> violations) {
        public boolean valid() {
            return violations.isEmpty();
        }
    }

    private ReportCnjs() {
    }

    public static Parsed parse(JsonNode body) {
        JsonNode list = body == null ? null : body.get("cnjs");
        if (list == null || !list.isArray() || list.isEmpty()) {
            return refused(new Problem.Violation(null, "cnjs", "must be a non-empty list of CNJ numbers"));
        }
        Map<String, Cnj> distinct = new LinkedHashMap<>();
        List<Problem.Violation> violations = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode item = list.get(i);
            var cnj = item.isTextual() ? Cnj.parse(item.textValue()) : java.util.Optional.<Cnj> empty();
            if (cnj.isPresent()) {
                distinct.putIfAbsent(cnj.get().digits(), cnj.get());
            } else if (violations.size() < MAX_VIOLATIONS) {
                violations.add(new Problem.Violation(i, "cnjs[" + i + "]", item.isTextual()
                        ? "not a valid CNJ number (shape or check digits)" : "must be a string"));
            }
        }
        if (violations.isEmpty() && distinct.size() > MAX_CNJS) {
            violations.add(new Problem.Violation(null, "cnjs", distinct.size() + " distinct CNJ numbers; a report"
                    + " takes at most " + MAX_CNJS));
        }
        return new Parsed(List.copyOf(distinct.values()), violations);
    }

    private static Parsed refused(Problem.Violation violation) {
        return new Parsed(List.of(), List.of(violation));
    }
}
