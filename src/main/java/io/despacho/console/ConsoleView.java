package io.despacho.console;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.despacho.access.CpfMasking;
import io.despacho.access.Roles;
import io.quarkus.qute.TemplateData;
import io.quarkus.security.identity.SecurityIdentity;

/** What the templates are given: the signed-in person, and text prepared for their role (CPFs masked for readers). */
public final class ConsoleView {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The signed-in person; {@code csrf} goes into every form that changes something. */
    @TemplateData
    public record User(String name, String role, String csrf) {
        public boolean operator() {
            return Roles.OPERATOR.equals(role);
        }

        static User of(SecurityIdentity identity) {
            String role = identity.hasRole(Roles.OPERATOR) ? Roles.OPERATOR : Roles.READER;
            return new User(identity.getPrincipal().getName(), role, identity.getAttribute(ConsoleSession.CSRF));
        }

        /** Free text as this person may read it: a reader never sees a whole CPF. */
        public String text(String value) {
            return operator() ? value : CpfMasking.masked(value);
        }

        /**
         * A JSON document pretty-printed, masked for readers as the /api masks it, and raw payloads' bare-number CPFs
         * too (a provider's tuples carry them without a field name).
         */
        public String json(String document) {
            if (document == null) {
                return null;
            }
            try {
                JsonNode tree = JSON.readTree(document);
                if (!operator()) {
                    CpfMasking.maskRaw(tree);
                }
                return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree);
            } catch (JsonProcessingException e) {
                return text(document);
            }
        }
    }

    /** A cell of a list page: its text, and where it leads (or null). */
    @TemplateData
    public record Cell(String text, String href) {
        static Cell of(String text) {
            return new Cell(text == null ? "" : text, null);
        }

        static Cell link(String text, String href) {
            return new Cell(text == null ? "" : text, href);
        }
    }

    /** A list page: title, column names and rows. */
    @TemplateData
    public record Table(String title, String id, List<String> headers, List<List<Cell>> rows, String note) {
    }

    private ConsoleView() {
    }

    /** Instants to the second, UTC, as the pages show them. */
    public static String time(Instant instant) {
        return instant == null ? "" : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** "3 min", "2 h", "4 d": how long ago, for the dead letters' age. */
    public static String age(Instant instant, Instant now) {
        long seconds = Math.max(0, ChronoUnit.SECONDS.between(instant, now));
        return seconds < 120 ? seconds + " s" : seconds < 7200 ? seconds / 60 + " min"
                : seconds < 172_800 ? seconds / 3600 + " h" : seconds / 86_400 + " d";
    }
}
