package io.despacho.console;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.despacho.access.ApiTokenIdentityProvider;
import io.despacho.access.Roles;
import io.despacho.console.ConsoleView.Cell;
import io.despacho.console.ConsoleView.Table;
import io.despacho.console.ConsoleView.User;
import io.despacho.operations.DeadLetterOperations;
import io.despacho.pipeline.InboundEvent;
import io.despacho.pipeline.KafkaUnavailableException;
import io.despacho.pipeline.Provider;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.vertx.ext.web.RoutingContext;

/**
 * The operator console: server-rendered pages (Qute) over the tables the pipeline writes. Readers see everything with
 * CPFs masked; operators see them whole and may replay dead letters. Every form that changes something carries the
 * session's CSRF token.
 */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
@Blocking
public class ConsoleResource {

    private static final Logger LOG = Logger.getLogger(ConsoleResource.class);

    @ConfigProperty(name = "despacho.digesto.report-page-size", defaultValue = "200")
    int reportPageSize;

    @Location("console/login.html")
    Template login;
    @Location("console/overview.html")
    Template overview;
    @Location("console/stats.html")
    Template stats;
    @Location("console/events.html")
    Template events;
    @Location("console/event.html")
    Template event;
    @Location("console/dead-letters.html")
    Template deadLetters;
    @Location("console/table.html")
    Template table;
    @Location("console/record.html")
    Template record;
    @Location("console/signed-in.html")
    Template continuePage;

    private final SecurityIdentity identity;
    private final ConsoleSession session;
    private final ConsoleConfig config;
    private final ApiTokenIdentityProvider tokens;
    private final ConsoleQueries queries;
    private final Overview overviewStats;
    private final DeadLetterOperations replays;

    public ConsoleResource(SecurityIdentity identity, ConsoleSession session, ConsoleConfig config,
            ApiTokenIdentityProvider tokens, ConsoleQueries queries, Overview overviewStats,
            DeadLetterOperations replays) {
        this.identity = identity;
        this.session = session;
        this.config = config;
        this.tokens = tokens;
        this.queries = queries;
        this.overviewStats = overviewStats;
        this.replays = replays;
    }

    // ------------------------------------------------------------------------------------------------ sign-in

    @GET
    @Path("/login")
    @PermitAll
    public Response loginPage(RoutingContext context) {
        if (!identity.isAnonymous()) {
            return seeOther("/console");
        }
        return Response.ok(loginForm(context, null)).build();
    }

    @POST
    @Path("/login")
    @PermitAll
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signIn(RoutingContext context, @FormParam("token") String token, @FormParam("login") String form) {
        if (!session.loginTokenMatches(context, form)) {
            return Response.status(Response.Status.FORBIDDEN)
                    .entity(loginForm(context, "The sign-in form had expired or did not come from this console;"
                            + " try again."))
                    .build();
        }
        String role = token == null ? null : tokens.roleOf(token.strip()).orElse(null);
        if (role == null) {
            LOG.info("console sign-in refused: the token is neither the reader's nor the operator's");
            return Response.status(Response.Status.UNAUTHORIZED)
                    .entity(loginForm(context, "That token is neither the reader's nor the operator's.")).build();
        }
        session.open(context, role, role + " token");
        LOG.infof("console sign-in as %s", role);
        return seeOther("/console");
    }

    /** Where an identity provider is configured: its code flow ran before this (quarkus.oidc.console tenant). */
    @GET
    @Path("/sso")
    @PermitAll
    public Response signInWithIdentityProvider(RoutingContext context) {
        if (!config.oidcSignIn() || identity.isAnonymous()) {
            return seeOther("/console/login");
        }
        String role = identity.hasRole(Roles.OPERATOR) ? Roles.OPERATOR
                : identity.hasRole(Roles.READER) ? Roles.READER : null;
        if (role == null) {
            return Response.status(Response.Status.FORBIDDEN)
                    .entity(loginForm(context, "Your account has neither the reader nor the operator role.")).build();
        }
        session.open(context, role, identity.getPrincipal().getName());
        // a page of ours, not a redirect: this request ends a chain that began at the identity provider (another
        // site), and browsers hold SameSite=Strict cookies back for the rest of such a chain
        return Response.ok(continuePage.data("user", null).render()).build();
    }

    @POST
    @Path("/logout")
    @RolesAllowed({ Roles.READER, Roles.OPERATOR })
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signOut(RoutingContext context, @FormParam("csrf") String csrf) {
        requireCsrf(csrf);
        session.close(context);
        return seeOther("/console/login");
    }

    private String loginForm(RoutingContext context, String error) {
        return login.data("login", session.loginToken(context)).data("error", error)
                .data("sso", config.oidcSignIn()).data("user", null).render();
    }

    // ------------------------------------------------------------------------------------------------ overview

    @GET
    @RolesAllowed({ Roles.READER, Roles.OPERATOR })
    public String overview() {
        return render(overview.data("stats", overviewStats.stats())
                .data("outcomes", RateChart.OUTCOMES.stream().map(o -> o[0]).toList()));
    }

    /** The overview's figures alone, which the page fetches again every few seconds. */
    @GET
    @Path("/overview/stats")
    @RolesAllowed({ Roles.READER, Roles.OPERATOR })
    public String overviewFragment() {
        return render(stats.data("stats", overviewStats.stats()));
    }

    // ------------------------------------------------------------------------------------------------ events

    @GET
    @Path("/events")
    @RolesAllowed({ Roles.READER, Roles.OPERATOR })
    public Response searchEvents(@QueryParam("provider") String provider, @QueryParam("eventId") String eventId,
            @QueryParam("key") String key, @QueryParam("from") String from, @QueryParam("to") String to) {
        Instant since;
        Instant until;
        try {
            since = instant(from);
            until = instant(to);
        } catch (DateTimeParseException e) {
            return Response.status(Response.Status.BAD_REQUEST).entity(render(events.data("results", List.of())
                    .data("error", "Times are yyyy-MM-ddTHH:mm, UTC.").data("providers", providers())
                    .data("query", query(provider, eventId, key, from, to)))).build();
        }
        String providerId = blank(provider) ? null : Provider.fromId(provider).map(Provider::id).orElse("?");
        List<ConsoleQueries.Event> found = queries.events(providerId, trim(eventId), trim(key), since, until);
        User user = user();
        List<ConsoleQueries.Event> shown = found.stream().map(e -> masked(user, e)).toList();
        return Response.ok(render(events.data("results", shown).data("error", null)
                .data("limit", ConsoleQueries.LIST_LIMIT).data("providers", providers())
                .data("query", query(provider, eventId, key, from, to)))).build();
    }

    @GET
    @Path("/events/{provider}/{eventId}")
    @RolesAllowed({ Roles.READER, Roles.OPERATOR })
    public Response eventPage(@PathParam("provider") String provider, @PathParam("eventId") String eventId) {
        ConsoleQueries.Event found = queries.event(provider, eventId).orElse(null);
        if (found == null) {
            return notFound("No event " + eventId + " from " + provider + ".");
        }
        User user = user();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(InboundEvent.HEADER_PROVIDER, found.provider());
        headers.put(InboundEvent.HEADER_EVENT_ID, found.eventId());
        headers.put(InboundEvent.HEADER_EVENT_TYPE, found.type());
        headers.put(InboundEvent.HEADER_RECEIVED_AT, found.receivedAt().toString());
        String payload = queries.payload(provider, eventId).map(user::json).orElse(null);
        List<ConsoleQueries.Downstream> downstream = queries.downstream(found);
        return Response.ok(render(event.data("event", masked(user, found)).data("headers", headers)
                .data("payload", payload).data("downstream", downstream))).build();
    }

    // ------------------------------------------------------------------------------------------------ dead letters

    @GET
    @Path("/dead-letters")
    @RolesAllowed({ Roles.READER, Roles.OPERATOR })
    public String deadLetterList(@QueryParam("provider") String provider, @QueryParam("reason") String reason,
            @QueryParam("result") String result) {
        User user = user();
        Instant now = Instant.now();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ConsoleQueries.DeadLetter d : queries.deadLetters(trim(provider), trim(reason))) {
            rows.add(Map.of("id", d.id(), "provider", d.provider(), "eventId", d.eventId(), "key",
                    d.key() == null ? "" : d.key(), "reason", user.text(d.reason() == null ? "" : d.reason()),
                    "attempts", d.attempts(), "age", ConsoleView.age(d.failedAt(), now),
                    "failedAt", ConsoleView.time(d.failedAt()), "replayedAt", ConsoleView.time(d.replayedAt())));
        }
        return render(deadLetters.data("rows", rows).data("provider", provider == null ? "" : provider)
                .data("reason", reason == null ? "" : reason).data("result", result)
                .data("providers", providers()));
    }

    @POST
    @Path("/dead-letters/{id}/replay")
    @RolesAllowed(Roles.OPERATOR)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response replayOne(@PathParam("id") long id, @FormParam("csrf") String csrf) {
        requireCsrf(csrf);
        try {
            String result = replays.replay(id) ? "Dead letter " + id + " replayed: it is back on its inbound topic."
                    : "No dead letter " + id + ".";
            return seeOther("/console/dead-letters?result=" + encode(result));
        } catch (KafkaUnavailableException e) {
            return seeOther("/console/dead-letters?result=" + encode("Kafka did not take the record in time;"
                    + " nothing was marked replayed, try again."));
        }
    }

    @POST
    @Path("/dead-letters/replay")
    @RolesAllowed(Roles.OPERATOR)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response replayMatching(@FormParam("provider") String provider, @FormParam("reason") String reason,
            @FormParam("csrf") String csrf) {
        requireCsrf(csrf);
        String result;
        try {
            result = replays.replayAll(trim(provider), trim(reason), DeadLetterOperations.MAX_BULK_REPLAY)
                    + " dead letters replayed.";
        } catch (KafkaUnavailableException e) {
            result = "Kafka did not take a record in time; those replayed before it are marked (see the list), try"
                    + " again for the rest.";
        }
        return seeOther("/console/dead-letters?provider=" + encode(value(trim(provider))) + "&reason="
                + encode(value(trim(reason))) + "&result=" + encode(result));
    }

    // ------------------------------------------------------------------------------------------------ records

    @GET
    @Path("/relatorios")
    @RolesAllowed({ Roles.READER, Roles.OPERATOR })
    public String reports() {
        List<List<Cell>> rows = new ArrayList<>();
        for (List<String> r : queries.rows("select r.id, r.status, r.total_processos,"
                + " (select count(*) from relatorio_processo p where p.relatorio_id = r.id), s.status,"
                + " " + utc("r.updated_at") + " from relatorio r left join relatorio_solicitado s on s.id = r.id"
                + " union all select s.id, null, s.total_cnjs, 0, s.status, " + utc("s.solicitado_em")
                + " from relatorio_solicitado s"
                + " where not exists (select 1 from relatorio r where r.id = s.id)"
                + " order by 6 desc limit " + ConsoleQueries.LIST_LIMIT, 6)) {
            long total = parse(r.get(2));
            long imported = parse(r.get(3));
            rows.add(List.of(Cell.link(r.get(0), "/console/relatorios/" + r.get(0)), Cell.of(r.get(1)),
                    Cell.of(r.get(4)), Cell.of(imported + " / " + total + " processos (page " + pages(imported,
                            reportPageSize) + " of " + pages(total, reportPageSize) + ")"), Cell.of(r.get(5))));
        }
        return table(new Table("Reports", "relatorios", List.of("Report", "Digesto status", "Requested",
                "Imported", "Updated"), rows, "Digesto virtual reports (events 15/16) and those asked for through"
                        + " POST /api/relatorios."));
    }

    @GET
    @Path("/relatorios/{id}")
    @RolesAllowed({ Roles.READER, Roles.OPERATOR })
    public Response report(@PathParam("id") long id) {
        String metadata = queries.first("select jsonb_build_object('id', id, 'status', status, 'total_processos',"
                + " total_processos, 'metadata', metadata)::text from relatorio where id = ?", id).orElse(null);
        if (metadata == null) {
            return notFound("No report " + id + " stored yet.");
        }
        return Response.ok(recordPage("Report " + id, metadata, processes("select processo_chave, instancia from"
                + " relatorio_processo where relatorio_id = ? order by 1 limit 1000", id))).build();
    }

    @GET
    @Path("/consultas")
    @RolesAllowed({ Roles.READER, Roles.OPERATOR })
    public String consultas() {
        User user = user();
        List<List<Cell>> rows = new ArrayList<>();
        for (List<String> r : queries.rows("select c.id, c.tipo, c.documento, c.status, c.total_processos,"
                + " (select count(*) from consulta_processo p where p.consulta_id = c.id), " + utc("c.criada_em")
                + ", c.detalhe"
                + " from consulta c order by c.criada_em desc limit " + ConsoleQueries.LIST_LIMIT, 8)) {
            rows.add(List.of(Cell.link(r.get(0), "/console/consultas/" + r.get(0)), Cell.of(r.get(1)),
                    Cell.of(user.text(r.get(2))), Cell.of(r.get(3)), Cell.of(parse(r.get(5)) + " / "
                            + (r.get(4) == null ? "?" : r.get(4)) + " processos"),
                    Cell.of(r.get(6)), Cell.of(user.text(r.get(7)))));
        }
        return table(new Table("Consultas", "consultas", List.of("Consulta", "Type", "Document", "Status",
                "Stored", "Asked", "Detail"), rows, "Judit searches by CPF, CNPJ or OAB (POST /api/consultas)."));
    }

    @GET
    @Path("/consultas/{id}")
    @RolesAllowed({ Roles.READER, Roles.OPERATOR })
    public Response consulta(@PathParam("id") String id) {
        String document = queries.first("select to_jsonb(c)::text from consulta c where id::text = ?", id)
                .orElse(null);
        if (document == null) {
            return notFound("No consulta " + id + ".");
        }
        return Response.ok(recordPage("Consulta " + id, document, processes("select processo_chave, instancia"
                + " from consulta_processo where consulta_id::text = ? order by 1 limit 1000", id))).build();
    }

    @GET
    @Path("/pedidos")
    @RolesAllowed({ Roles.READER, Roles.OPERATOR })
    public String pedidos() {
        User user = user();
        List<List<Cell>> rows = new ArrayList<>();
        for (List<String> r : queries.rows("select id, protocolo, status, tipo, descricao, " + utc("updated_at")
                + ","
                + " (select count(*) from pedido_andamento a where a.pedido_id = p.id) from pedido p"
                + " order by updated_at desc limit " + ConsoleQueries.LIST_LIMIT, 7)) {
            rows.add(List.of(Cell.link(r.get(0), "/console/records/pedidos/" + r.get(0)), Cell.of(r.get(1)),
                    Cell.of(r.get(2)), Cell.of(r.get(3)), Cell.of(user.text(r.get(4))), Cell.of(r.get(6)),
                    Cell.of(r.get(5))));
        }
        return table(new Table("Pedidos", "pedidos", List.of("Pedido", "Protocolo", "Status", "Type", "Description",
                "Andamentos", "Updated"), rows, "Anoreg/MT pedidos with their andamentos."));
    }

    @GET
    @Path("/publicacoes")
    @RolesAllowed({ Roles.READER, Roles.OPERATOR })
    public String publicacoes() {
        User user = user();
        List<List<Cell>> rows = new ArrayList<>();
        for (List<String> r : queries.rows("select id, cnj, jornal, " + utc("disponibilizada_em") + ", left(texto, 160)"
                + " from publicacao order by updated_at desc limit " + ConsoleQueries.LIST_LIMIT, 5)) {
            rows.add(List.of(Cell.link(r.get(0), "/console/records/publicacoes/" + r.get(0)),
                    r.get(1) == null ? Cell.of("") : Cell.link(r.get(1), "/console/records/processos/" + r.get(1)),
                    Cell.of(r.get(2)), Cell.of(r.get(3)), Cell.of(user.text(r.get(4)))));
        }
        return table(new Table("Publicações", "publicacoes", List.of("Nota", "Process", "Journal", "Made available",
                "Text"), rows, "Justiça Fácil notas from the official journals."));
    }

    /** A normalized record as published, by its downstream topic and key. */
    @GET
    @Path("/records/{kind}/{key}")
    @RolesAllowed({ Roles.READER, Roles.OPERATOR })
    public Response normalizedRecord(@PathParam("kind") String kind, @PathParam("key") String key) {
        String sql = switch (kind) {
            case "processos" -> "select json_agg(record order by instancia)::text from processo where chave = ?";
            case "pedidos" -> "select record::text from pedido where id::text = ?";
            case "publicacoes" -> "select record::text from publicacao where id = ?";
            case "relatorios" -> null;
            default -> "";
        };
        if (sql == null) {
            return seeOther("/console/relatorios/" + encode(key));
        }
        String document = sql.isEmpty() ? null : queries.first(sql, key).orElse(null);
        if (document == null) {
            return notFound("No " + kind + " record " + key + ".");
        }
        return Response.ok(recordPage(kind + " " + key, document, List.of())).build();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private String recordPage(String title, String document, List<List<Cell>> processes) {
        return render(record.data("title", title).data("document", user().json(document))
                .data("processes", processes));
    }

    private List<List<Cell>> processes(String sql, Object id) {
        return queries.rows(sql, 2, id).stream().map(r -> List.of(Cell.link(r.get(0), "/console/records/processos/"
                + r.get(0)), Cell.of(r.get(1)))).toList();
    }

    private String table(Table content) {
        return render(table.data("table", content));
    }

    private String render(TemplateInstance page) {
        return page.data("user", user()).data("console", "/console").render();
    }

    private User user() {
        return User.of(identity);
    }

    private void requireCsrf(String presented) {
        if (!ConsoleSession.csrfMatches(identity, presented)) {
            throw new jakarta.ws.rs.WebApplicationException(Response.status(Response.Status.FORBIDDEN)
                    .type(MediaType.TEXT_PLAIN).entity("This form did not come from your console session (CSRF"
                            + " token missing or wrong). Reload the page and try again.").build());
        }
    }

    private Response notFound(String message) {
        return Response.status(Response.Status.NOT_FOUND).entity(render(table.data("table", new Table("Not found",
                "not-found", List.of(), List.of(), message)))).build();
    }

    private static ConsoleQueries.Event masked(User user, ConsoleQueries.Event e) {
        return new ConsoleQueries.Event(e.provider(), e.eventId(), e.type(), e.key(), e.receivedAt(), e.processedAt(),
                e.status(), e.attempts(), user.text(e.lastError()));
    }

    private static Map<String, String> query(String provider, String eventId, String key, String from, String to) {
        return Map.of("provider", value(provider), "eventId", value(eventId), "key", value(key), "from", value(from),
                "to", value(to));
    }

    static List<String> providers() {
        return Arrays.stream(Provider.values()).map(Provider::id).toList();
    }

    /** A datetime-local field's value (UTC), or an ISO instant. */
    static Instant instant(String text) {
        if (blank(text)) {
            return null;
        }
        String t = text.strip();
        return t.endsWith("Z") ? Instant.parse(t) : LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
    }

    /** A timestamp column as the pages show instants: UTC, to the second. */
    private static String utc(String column) {
        return "to_char(" + column + " at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')";
    }

    private static long pages(long processes, int pageSize) {
        return (processes + pageSize - 1) / pageSize;
    }

    private static long parse(String number) {
        return number == null ? 0 : Long.parseLong(number);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String trim(String value) {
        return blank(value) ? null : value.strip();
    }

    private static String value(String value) {
        return value == null ? "" : value;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static Response seeOther(String location) {
        return Response.seeOther(URI.create(location)).build();
    }
}
