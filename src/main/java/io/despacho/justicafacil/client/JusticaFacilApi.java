package io.despacho.justicafacil.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The Justiça Fácil calls Despacho makes (providers/justicafacil-notas.txt); answers are XML, read as text and parsed
 * safely by NotasXml. Package-private: {@link JusticaFacilClient} carries the policy. Base URL:
 * quarkus.rest-client.justicafacil.url (JUSTICAFACIL_API_URL).
 */
@RegisterRestClient(configKey = "justicafacil")
@Produces({ MediaType.APPLICATION_XML, MediaType.TEXT_XML })
interface JusticaFacilApi {

    @GET
    @Path("/notas/novas/")
    String novas(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization);

    @GET
    @Path("/notas/")
    String notas(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @QueryParam("data") String from,
            @QueryParam("data_fim") String to, @QueryParam("pagina") int page, @QueryParam("itens") int items);

    /** ids_notas as the documentation writes it: "[1, 2]". */
    @POST
    @Path("/notas/novas/marca_lidas/")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    String markRead(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @FormParam("ids_notas") String ids);
}
