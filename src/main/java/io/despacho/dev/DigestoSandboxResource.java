package io.despacho.dev;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.despacho.shared.Cnj;
import io.quarkus.arc.profile.IfBuildProfile;

/**
 * Dev-profile stand-in for the Digesto API, answering with the samples of providers/digesto-*.txt, so that the
 * README's webhooks travel the whole road without a Digesto account. Absent from the prod build.
 */
@IfBuildProfile("dev")
@Path("/sandbox/digesto/api")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Dev sandbox (dev profile only)")
public class DigestoSandboxResource {

    /** Ids that do not repeat across dev restarts (and hot reloads), which share the embedded database. */
    private static final AtomicLong REPORT_IDS = new AtomicLong(System.currentTimeMillis() / 1000 % 100_000_000);

    private final ObjectMapper mapper;
    private final SandboxCallbacks callbacks;

    public DigestoSandboxResource(ObjectMapper mapper, SandboxCallbacks callbacks) {
        this.mapper = mapper;
        this.callbacks = callbacks;
    }

    /** With id_update_callback, "visits the court" and sends the evt 13 (source_user_custom = that id) 2 s later. */
    @GET
    @Path("/tribproc/{numero}")
    public Response tribproc(@PathParam("numero") String numero, @QueryParam("id_update_callback") String callback) {
        return Cnj.parse(numero)
                .map(cnj -> {
                    ObjectNode process = (ObjectNode) sample("digesto-tribproc.json");
                    process.put("numero", cnj.formatted());
                    if (callback != null && !callback.isBlank()) {
                        ObjectNode updated = process.deepCopy();
                        updated.put("alteradoEm", java.time.LocalDateTime.now().withNano(0).toString());
                        ObjectNode event = mapper.createObjectNode().put("id", System.currentTimeMillis())
                                .put("evt_type", 13).put("source_user_custom", callback)
                                .put("target_number", cnj.formatted());
                        event.set("data", updated);
                        callbacks.digesto("[" + event + "]");
                    }
                    return Response.ok(process).build();
                })
                .orElseGet(() -> Response.status(404).entity(mapper.createObjectNode()
                        .put("status_op", "Processo não encontrado")).build());
    }

    @GET
    @Path("/virtual_report/{id}")
    public JsonNode report(@PathParam("id") long id) {
        ObjectNode metadata = (ObjectNode) sample("digesto-virtual-report-final.json");
        metadata.remove("data");
        metadata.put("id", id);
        // GET /virtual_report/{id} documents its dates as {"$date": epoch millis}
        metadata.putObject("finished_at").put("$date", 1671043867000L);
        return metadata;
    }

    @POST
    @Path("/virtual_report/create_virtual_report")
    public long createReport(JsonNode body) {
        return REPORT_IDS.incrementAndGet();
    }

    /** Orders the report and "finishes" it: the evt 16 comes 2 s later (its pages are the documented sample). */
    @POST
    @Path("/virtual_report/{id}/bill_start_update")
    public JsonNode orderReport(@PathParam("id") long id) {
        callbacks.digesto("[{\"id\": " + System.currentTimeMillis() + ", \"evt_type\": 16, \"data\": {\"status\":"
                + " \"finished\", \"vr_id\": " + id + "}}]");
        return TextNode.valueOf("Relatório encomendado com sucesso");
    }

    /** Page 1 holds the documented sample; later pages are empty, which ends a client's paging. */
    @POST
    @Path("/virtual_report/{id}/final")
    public JsonNode reportPage(@PathParam("id") long id, JsonNode query) {
        ObjectNode page = (ObjectNode) sample("digesto-virtual-report-final.json");
        int number = query != null && query.hasNonNull("page") ? query.get("page").asInt(1) : 1;
        if (number > 1) {
            ((ObjectNode) page.with("data").with("hits")).putArray("hits");
        }
        return page;
    }

    private JsonNode sample(String name) {
        try (InputStream in = getClass().getResourceAsStream("/sandbox/" + name)) {
            return mapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
