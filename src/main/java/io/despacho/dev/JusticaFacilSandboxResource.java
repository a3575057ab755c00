package io.despacho.dev;

import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.arc.profile.IfBuildProfile;

/**
 * Dev-profile stand-in for Justiça Fácil: two notas of the documented shape stay in /notas/novas/ until marked read.
 * Absent from the prod build.
 */
@IfBuildProfile("dev")
@Path("/sandbox/justicafacil/notas")
@Tag(name = "Dev sandbox (dev profile only)")
public class JusticaFacilSandboxResource {

    private static final String[][] NOTAS = {
            { "1", "0016377-46.2015.8.07.0003", "Intimação: manifeste-se a parte autora sobre a contestação." },
            { "2", "", "Edital de citação com prazo de 20 dias." } };
    private final Set<String> read = ConcurrentHashMap.newKeySet();

    @GET
    @Path("/novas/")
    @Produces(MediaType.APPLICATION_XML)
    public String novas() {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<root>\n");
        String today = Instant.now().toString();
        for (String[] nota : NOTAS) {
            if (!read.contains(nota[0])) {
                xml.append("<list-item><id>").append(nota[0]).append("</id><texto>").append(nota[2])
                        .append("</texto><cnj>").append(nota[1]).append("</cnj><jornal>DJDFT</jornal>")
                        .append("<disponibilizacao>").append(today).append("</disponibilizacao><publicacao>")
                        .append(today).append("</publicacao><vara>2ª Vara Cível de Ceilândia</vara><numero>123.456.7")
                        .append(nota[0]).append("</numero><nome>1</nome><escritorio>1</escritorio></list-item>\n");
            }
        }
        return xml.append("</root>").toString();
    }

    @POST
    @Path("/novas/marca_lidas/")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_XML)
    public String markRead(@FormParam("ids_notas") String ids) {
        for (String id : (ids == null ? "" : ids).replaceAll("[\\[\\]\\s]", "").split(",")) {
            if (!id.isEmpty()) {
                read.add(id);
            }
        }
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<root>\n</root>";
    }
}
