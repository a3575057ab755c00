package io.despacho.dev;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

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

    private final ObjectMapper mapper;

    public DigestoSandboxResource(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @GET
    @Path("/tribproc/{numero}")
    public Response tribproc(@PathParam("numero") String numero) {
        return Cnj.parse(numero)
                .map(cnj -> {
                    ObjectNode process = (ObjectNode) sample("digesto-tribproc.json");
                    process.put("numero", cnj.formatted());
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
        return metadata;
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
