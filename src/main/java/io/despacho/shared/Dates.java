package io.despacho.shared;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Dates as Digesto sends them: "YYYY-MM-DD", "YYYY-MM-DDTHH:MM:SS", "YYYY-MM-DD HH:MM:SS" (sometimes with trailing
 * blanks) or {"$date": epoch millis}. Digesto's times carry no zone; they are kept as local date-times, and read as
 * UTC only where an instant is needed to order snapshots.
 */
public final class Dates {

    /** Year ±100,000: far beyond any court date, well within LocalDateTime. */
    private static final long MAX_EPOCH_MILLIS = 3_000_000_000_000_000L;
    /** A zone offset at the end, "+03:00" or "-03:00". */
    private static final Pattern OFFSET = Pattern.compile("[+-]\\d{2}:\\d{2}$");

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
            LocalDateTime plain = plainIso(text);
            if (plain != null) {
                return Optional.of(plain);
            }
            if (text.length() == 10) {
                return Optional.of(LocalDate.parse(text).atStartOfDay());
            }
            if (text.endsWith("GMT") && text.contains(",")) {
                // "Wed, 14 Dec 2022 18:51:07 GMT" (RFC 1123), as the report's finished_at comes in some answers
                return Optional.of(LocalDateTime.ofInstant(Instant.from(java.time.format.DateTimeFormatter
                        .RFC_1123_DATE_TIME.parse(node.textValue().trim())), ZoneOffset.UTC));
            }
            if (text.endsWith("Z") || OFFSET.matcher(text).find()) {
                return Optional.of(LocalDateTime.ofInstant(Instant.from(java.time.format.DateTimeFormatter
                        .ISO_OFFSET_DATE_TIME.parse(text)), ZoneOffset.UTC));
            }
            return Optional.of(LocalDateTime.parse(text.length() > 19 ? text.substring(0, 19) : text));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /**
     * "YYYY-MM-DD" and "YYYY-MM-DDTHH:MM:SS[...]" read digit by digit, or null for any other shape: nearly every date a
     * provider sends, and a report page has thousands (DateTimeFormatter's general parse showed in the consumers'
     * profile, docs/benchmark.md). Same answers as the parse below; an impossible date is a DateTimeException.
     */
    private static LocalDateTime plainIso(String text) {
        int length = text.length();
        if (length < 10 || !digits(text, 0, 4) || text.charAt(4) != '-' || !digits(text, 5, 2) || text.charAt(7) != '-'
                || !digits(text, 8, 2)) {
            return null;
        }
        LocalDate date = LocalDate.of(number(text, 0, 4), number(text, 5, 2), number(text, 8, 2));
        if (length == 10) {
            return date.atStartOfDay();
        }
        if (length < 19 || text.charAt(10) != 'T' || !digits(text, 11, 2) || text.charAt(13) != ':'
                || !digits(text, 14, 2) || text.charAt(16) != ':' || !digits(text, 17, 2)
                || (length > 19 && !fractionOnly(text, 19))) {
            return null;
        }
        return date.atTime(number(text, 11, 2), number(text, 14, 2), number(text, 17, 2));
    }

    /** ".ddd…" to the end: what the general parse drops (it reads the first 19 characters). */
    private static boolean fractionOnly(String text, int from) {
        return text.charAt(from) == '.' && text.length() > from + 1 && digits(text, from + 1, text.length() - from - 1);
    }

    private static boolean digits(String text, int from, int count) {
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static int number(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            value = value * 10 + (text.charAt(i) - '0');
        }
        return value;
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
