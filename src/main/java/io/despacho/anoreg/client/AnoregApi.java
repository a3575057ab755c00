package io.despacho.anoreg.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Anoreg/MT calls Despacho makes (providers/anoreg-mt-cei.txt). Package-private: {@link AnoregClient} adds the
 * token, the request budget and the retry policy. Base URL: quarkus.rest-client.anoreg.url (ANOREG_API_URL).
 */
@RegisterRestClient(configKey = "anoreg")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@ClientHeaderParam(name = "User-Agent", value = "${despacho.anoreg.user-agent}", required = false)
interface AnoregApi {

    @POST
    @Path("/auth/login")
    RestResponse<JsonNode> login(JsonNode credentials);

    @GET
    @Path("/distribuicao/api/v2/pedidos/{id}")
    RestResponse<JsonNode> pedido(@PathParam("id") long id, @HeaderParam("Authorization") String authorization);

    @GET
    @Path("/distribuicao/api/v2/pedidos/{id}/andamentos")
    RestResponse<JsonNode> andamentos(@PathParam("id") long id, @HeaderParam("Authorization") String authorization);

    @GET
    @Path("/distribuicao/api/v2/pedidos/{id}/certidoes")
    RestResponse<JsonNode> certidoes(@PathParam("id") long id, @HeaderParam("Authorization") String authorization);
}
