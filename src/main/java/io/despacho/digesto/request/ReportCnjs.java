package io.despacho.digesto.request;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.despacho.problem.Problem;
import io.despacho.shared.Cnj;

/**
 * The body of POST /api/relatorios: {"cnjs": [...], "instancias": [1, 2]}: each a valid CNJ, duplicates dropped, at
 * most 40,000; instancias optional.
 */
public final class ReportCnjs {

    /** Digesto's limit per virtual report (digesto-saneamento-de-base.txt). */
    public static final int MAX_CNJS = 40_000;
    /** A body with thousands of bad numbers gets the first ones named, not a megabyte of errors. */
    static final int MAX_VIOLATIONS = 50;

    /** Distinct CNJs in the order given, or why the body was refused. */
    public record Parsed(List<Cnj> cnjs, List<Integer> instancias, List<Problem.Violation> violations) {
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
        List<Integer> instancias = instancias(body.get("instancias"), violations);
        return new Parsed(List.copyOf(distinct.values()), instancias, violations);
    }

    /**
     * bill_start_update's "instancias": the instances to update, e.g. [1, 2] (each one is billed); absent or empty =
     * Digesto's default, the 1st alone.
     */
    static List<Integer> instancias(JsonNode list, List<Problem.Violation> violations) {
        if (list == null || list.isNull()) {
            return List.of();
        }
        java.util.Set<Integer> distinct = new java.util.TreeSet<>();
        if (list.isArray() && list.size() <= 9) {
            for (JsonNode item : list) {
                java.util.Optional<Integer> instancia = item.isIntegralNumber()
                        ? io.despacho.shared.Numbers.integer(item) : java.util.Optional.empty();
                if (instancia.isEmpty() || instancia.get() < 1 || instancia.get() > 9) {
                    distinct = null;
                    break;
                }
                distinct.add(instancia.get());
            }
        } else {
            distinct = null;
        }
        if (distinct == null) {
            violations.add(new Problem.Violation(null, "instancias", "must be a list of instance numbers, e.g. [1, 2]"));
            return List.of();
        }
        return List.copyOf(distinct);
    }

    private static Parsed refused(Problem.Violation violation) {
        return new Parsed(List.of(), List.of(), List.of(violation));
    }
}
