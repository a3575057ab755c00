package io.despacho.console;

import java.io.IOException;
import java.io.InputStream;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;


/** The console's stylesheet and script, served by the app itself (no CDN; the CSP allows only this origin). */
@Path("/console/assets")
public class ConsoleAssets {

    @GET
    @Path("/{name}")
    @PermitAll
    public Response asset(@PathParam("name") String name) throws IOException {
        String type = name.equals("console.css") ? "text/css" : name.equals("console.js") ? "text/javascript" : null;
        if (type == null) {
            return Response.status(Response.Status.NOT_FOUND).build();
        }
        try (InputStream in = ConsoleAssets.class.getResourceAsStream("/console-assets/" + name)) {
            return Response.ok(in.readAllBytes(), type + "; charset=utf-8").build();
        }
    }
}
