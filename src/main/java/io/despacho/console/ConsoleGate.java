package io.despacho.console;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Off unless enabled (DESPACHO_CONSOLE_ENABLED): then /console does not exist (404). When on, its pages forbid
 * framing, inline scripts and anything from another origin, and are never cached.
 */
public class ConsoleGate {

    private static final String POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self';"
            + " script-src 'self'; object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

    private final ConsoleConfig config;

    public ConsoleGate(ConsoleConfig config) {
        this.config = config;
    }

    @ServerRequestFilter(preMatching = true)
    public Response refuseWhenDisabled(ContainerRequestContext request) {
        if (!config.enabled() && isConsole(request)) {
            return Response.status(Response.Status.NOT_FOUND).type(MediaType.TEXT_PLAIN)
                    .entity("The console is off here (DESPACHO_CONSOLE_ENABLED).").build();
        }
        return null;
    }

    @ServerResponseFilter
    public void protect(ContainerRequestContext request, ContainerResponseContext response) {
        if (isConsole(request)) {
            response.getHeaders().putSingle("Content-Security-Policy", POLICY);
            response.getHeaders().putSingle("X-Frame-Options", "DENY");
            response.getHeaders().putSingle("X-Content-Type-Options", "nosniff");
            response.getHeaders().putSingle("Referrer-Policy", "same-origin");
            response.getHeaders().putSingle("Cache-Control", "no-store");
        }
    }

    private static boolean isConsole(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        return path.equals(ConsoleSession.PATH) || path.startsWith(ConsoleSession.PATH + "/");
    }
}
