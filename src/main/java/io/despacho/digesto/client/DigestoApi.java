package io.despacho.digesto.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Digesto API calls Despacho makes (providers/digesto-*.txt). Package-private: {@link DigestoClient} carries the
 * retry, timeout and circuit-breaker policy. Base URL: quarkus.rest-client.digesto.url (DIGESTO_API_URL).
 */
@RegisterRestClient(configKey = "digesto")
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface DigestoApi {

    @GET
    @Path("/virtual_report/{id}")
    JsonNode report(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") long id);

    /** The process as Digesto has it; with id_update_callback it also asks the court for an update (evt 13). */
    @GET
    @Path("/tribproc/{cnj}")
    JsonNode tribproc(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("cnj") String cnj,
            @QueryParam("tipo_numero") int tipoNumero, @QueryParam("id_update_callback") String updateCallback);

    /** Answers the new report's id as a bare JSON number. */
    @POST
    @Path("/virtual_report/create_virtual_report")
    JsonNode createReport(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, JsonNode cnjs);

    /** Orders the report (consumes credits); answers a message, documented as a JSON string. */
    @POST
    @Path("/virtual_report/{id}/bill_start_update")
    String orderReport(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") long id,
            JsonNode options);

    @POST
    @Path("/virtual_report/{id}/final")
    JsonNode reportPage(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") long id,
            JsonNode query);
}
