package io.despacho.digesto.ingress;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.despacho.pipeline.InboundEvent;
import io.despacho.pipeline.Provider;
import io.despacho.pipeline.StrictJson;
import io.despacho.problem.Problem;
import io.despacho.problem.Problem.Violation;
import io.despacho.problem.ProblemException;
import io.despacho.shared.Cnj;
import io.despacho.shared.Json;
import io.despacho.shared.ProcessNumber;

/**
 * Validates a Digesto webhook body (always a JSON list of events; {@code []} is the registration handshake) and
 * splits it into inbound events keyed so that one process, or one report, stays in order:
 * <ul>
 * <li>evt_type 13 and 4 carry a process in {@code data}: key = its number's digits (a CNJ must have valid check
 * digits; older non-CNJ numbers, stored by (tribunal, numero), are keyed here by their digits: one lane per number);</li>
 * <li>evt_type 15 and 16 point at a virtual report: key = {@code data.vr_id};</li>
 * <li>any other type: key = the event id.</li>
 * </ul>
 * Every event is checked before anything is returned, so one bad event refuses the whole request.
 */
public final class DigestoEvents {

    static final Set<Integer> PROCESS_EVENTS = Set.of(4, 13);
    static final Set<Integer> REPORT_EVENTS = Set.of(15, 16);
    private static final int MAX_ID_LENGTH = 128;
    private static final int MAX_VIOLATIONS = 50;

    private DigestoEvents() {
    }

    public static List<InboundEvent> split(JsonNode body, Instant receivedAt) {
        if (!body.isArray()) {
            throw invalid(List.of(new Violation(null, "", "the body must be a JSON list of events, e.g. [{...}]")));
        }
        List<InboundEvent> events = new ArrayList<>(body.size());
        List<Violation> violations = new ArrayList<>();
        for (int index = 0; index < body.size(); index++) {
            int before = violations.size();
            InboundEvent event = toEvent(index, body.get(index), receivedAt, violations);
            if (violations.size() == before) {
                events.add(event);
            }
            if (violations.size() >= MAX_VIOLATIONS) {
                break;
            }
        }
        if (!violations.isEmpty()) {
            throw invalid(violations);
        }
        return events;
    }

    private static InboundEvent toEvent(int index, JsonNode event, Instant receivedAt, List<Violation> violations) {
        if (!event.isObject()) {
            violations.add(new Violation(index, "", "each event must be a JSON object"));
            return null;
        }
        Optional<String> id = eventId(event.get("id"));
        if (id.isEmpty()) {
            violations.add(new Violation(index, "id", "required: a number or a non-blank string of at most "
                    + MAX_ID_LENGTH + " printable characters"));
        }
        JsonNode typeNode = event.get("evt_type");
        if (typeNode == null || !typeNode.isIntegralNumber() || !typeNode.canConvertToInt() || typeNode.intValue() < 0) {
            violations.add(new Violation(index, "evt_type", "required: a non-negative whole number"));
            return null;
        }
        int type = typeNode.intValue();
        Optional<String> key = id;
        JsonNode data = event.get("data");
        if (PROCESS_EVENTS.contains(type)) {
            key = processKey(index, type, data, violations);
        } else if (REPORT_EVENTS.contains(type)) {
            key = reportKey(index, type, data, violations);
        }
        if (id.isEmpty() || key.isEmpty()) {
            return null;
        }
        return new InboundEvent(Provider.DIGESTO, id.get(), Integer.toString(type), key.get(), StrictJson.write(event),
                receivedAt);
    }

    private static Optional<String> eventId(JsonNode id) {
        if (id == null) {
            return Optional.empty();
        }
        if (id.isIntegralNumber()) {
            // a long's text without a BigInteger for it (it showed in the webhook road's profile)
            String text = id.canConvertToLong() ? Long.toString(id.longValue()) : id.bigIntegerValue().toString();
            return Optional.of(text).filter(s -> s.length() <= MAX_ID_LENGTH);
        }
        if (id.isTextual()) {
            // control characters are refused, not trimmed away: NUL + "123" and "123" must not become one id
            boolean printable = id.textValue().codePoints().noneMatch(Character::isISOControl);
            String text = id.textValue().strip();
            return text.isEmpty() || text.length() > MAX_ID_LENGTH || !printable ? Optional.empty() : Optional.of(text);
        }
        return Optional.empty();
    }

    private static Optional<String> processKey(int index, int type, JsonNode data, List<Violation> violations) {
        if (data == null || !data.isObject()) {
            violations.add(new Violation(index, "data",
                    "evt_type " + type + " needs the process (the /api/tribproc schema) as an object in data"));
            return Optional.empty();
        }
        JsonNode numero = data.get("numero");
        if (numero == null || !numero.isTextual() || numero.textValue().isBlank()) {
            violations.add(new Violation(index, "data.numero", "required: the process number as a string"));
            return Optional.empty();
        }
        String text = numero.textValue();
        if (Cnj.looksLikeCnj(text)) {
            Optional<String> cnj = Cnj.parse(text).map(Cnj::digits);
            if (cnj.isEmpty()) {
                violations.add(new Violation(index, "data.numero", "not a valid CNJ number (check digits do not match)"));
            }
            return cnj;
        }
        String digits = text.replaceAll("\\D", "");
        if (text.strip().length() > ProcessNumber.MAX_LENGTH || text.codePoints().anyMatch(Character::isISOControl)) {
            violations.add(new Violation(index, "data.numero", "a process number has at most "
                    + ProcessNumber.MAX_LENGTH + " characters and no control characters"));
            return Optional.empty();
        }
        if (digits.isEmpty() || digits.length() > 30) {
            violations.add(new Violation(index, "data.numero", "a process number needs between 1 and 30 digits"));
            return Optional.empty();
        }
        return Optional.of(digits);
    }

    private static Optional<String> reportKey(int index, int type, JsonNode data, List<Violation> violations) {
        Optional<String> reportId = data != null && data.isObject() ? Json.positiveInteger(data.get("vr_id"))
                : Optional.empty();
        if (reportId.isEmpty()) {
            violations.add(new Violation(index, "data.vr_id",
                    "evt_type " + type + " needs data.vr_id, the virtual report id (a positive whole number)"));
        }
        return reportId;
    }

    private static ProblemException invalid(List<Violation> violations) {
        String detail = violations.size() == 1 && violations.get(0).index() == null
                ? violations.get(0).message()
                : "The batch was refused and nothing of it was published: " + violations.size()
                        + " invalid field(s), see errors.";
        return new ProblemException(Problem.of(400, "Invalid Digesto webhook", detail, violations));
    }
}
