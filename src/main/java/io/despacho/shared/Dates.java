package io.despacho.shared;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Dates as Digesto sends them: "YYYY-MM-DD", "YYYY-MM-DDTHH:MM:SS", "YYYY-MM-DD HH:MM:SS" (sometimes with trailing
 * blanks) or {"$date": epoch millis}. Digesto's times carry no zone; they are kept as local date-times, and read as
 * UTC only where an instant is needed to order snapshots.
 */
public final class Dates {

    /** Year ±100,000: far beyond any court date, well within LocalDateTime. */
    private static final long MAX_EPOCH_MILLIS = 3_000_000_000_000_000L;

    private Dates() {
    }

    public static Optional<LocalDateTime> dateTime(JsonNode node) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (node.isObject() && node.has("$date")) {
            return dateTime(node.get("$date"));
        }
        if (node.isNumber()) {
            // epoch millis, bounded: a year beyond what LocalDateTime holds is no date
            return Numbers.whole(node).filter(millis -> Math.abs(millis) < MAX_EPOCH_MILLIS)
                    .map(millis -> LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC));
        }
        if (!node.isTextual()) {
            return Optional.empty();
        }
        String text = node.textValue().trim().replace(' ', 'T');
        try {
            if (text.length() == 10) {
                return Optional.of(LocalDate.parse(text).atStartOfDay());
            }
            if (text.endsWith("GMT") && text.contains(",")) {
                // "Wed, 14 Dec 2022 18:51:07 GMT" (RFC 1123), as the report's finished_at comes in some answers
                return Optional.of(LocalDateTime.ofInstant(Instant.from(java.time.format.DateTimeFormatter
                        .RFC_1123_DATE_TIME.parse(node.textValue().trim())), ZoneOffset.UTC));
            }
            if (text.endsWith("Z") || text.matches(".*[+-]\\d{2}:\\d{2}$")) {
                return Optional.of(LocalDateTime.ofInstant(Instant.from(java.time.format.DateTimeFormatter
                        .ISO_OFFSET_DATE_TIME.parse(text)), ZoneOffset.UTC));
            }
            return Optional.of(LocalDateTime.parse(text.length() > 19 ? text.substring(0, 19) : text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** "YYYY-MM-DD" of a date or date-time, or null. */
    public static String date(JsonNode node) {
        return dateTime(node).map(t -> t.toLocalDate().toString()).orElse(null);
    }

    /** "YYYY-MM-DDTHH:MM:SS" of a date-time, or null. */
    public static String dateTimeText(JsonNode node) {
        return dateTime(node).map(t -> t.withNano(0).toString().length() == 16 ? t + ":00" : t.withNano(0).toString())
                .orElse(null);
    }

    public static Optional<Instant> instant(JsonNode node) {
        return dateTime(node).map(t -> t.toInstant(ZoneOffset.UTC));
    }
}
