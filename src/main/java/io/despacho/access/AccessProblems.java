package io.despacho.access;

import java.net.URI;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.despacho.problem.Problem;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/** 401 and 403 as problem+json; the detail names the role to ask for, never the token that was sent. */
public class AccessProblems {

    static final String CHALLENGE = "Bearer realm=\"despacho\"";

    /** The console's pages send a person to its sign-in page instead. */
    static final String CONSOLE = "/console";

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return unauthorized(uri);
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        return unauthorized(uri);
    }

    private static Response unauthorized(UriInfo uri) {
        return uri.getPath().startsWith(CONSOLE) ? Response.seeOther(URI.create(CONSOLE + "/login")).build()
                : unauthorized();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problem.of(Response.Status.FORBIDDEN, "This token's role may not do this: reads need the reader or"
                + " operator role, actions (replay, renormalize, consultas, atualizar, relatórios, recuperar) the"
                + " operator role.").toResponse();
    }

    static Response unauthorized() {
        return Response.fromResponse(Problem.of(Response.Status.UNAUTHORIZED, "Send a valid token as Authorization:"
                + " Bearer <token> (DESPACHO_READER_TOKEN or DESPACHO_OPERATOR_TOKEN, or an OIDC access token where one"
                + " is configured).").toResponse()).header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE).build();
    }
}
