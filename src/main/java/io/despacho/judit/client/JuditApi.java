package io.despacho.judit.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Judit calls Despacho makes (providers/judit-consulta-por-documento.txt). Package-private: {@link JuditClient}
 * carries the budget and the retry policy. Base URL: quarkus.rest-client.judit.url (JUDIT_API_URL).
 */
@RegisterRestClient(configKey = "judit")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface JuditApi {

    @POST
    @Path("/requests")
    JsonNode createRequest(@HeaderParam("api-key") String apiKey, JsonNode request);

    @GET
    @Path("/requests/{id}")
    JsonNode request(@HeaderParam("api-key") String apiKey, @PathParam("id") String requestId);

    @GET
    @Path("/responses")
    JsonNode responses(@HeaderParam("api-key") String apiKey, @QueryParam("request_id") String requestId,
            @QueryParam("page") int page, @QueryParam("page_size") int pageSize);
}
