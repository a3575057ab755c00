package io.despacho.access;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.despacho.problem.Problem;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/** 401 and 403 as problem+json; the detail names the role to ask for, never the token that was sent. */
public class AccessProblems {

    static final String CHALLENGE = "Bearer realm=\"despacho\"";

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return unauthorized();
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        return unauthorized();
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
