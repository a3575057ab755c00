package io.despacho.problem;

import java.util.List;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Problem bodies for our own refusals and for the framework's (404, 405, 406, 415, ...). Only the status and its
 * standard phrase are echoed: framework messages can name internal classes.
 */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return e.problem().toResponse();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type != null ? type.getReasonPhrase() : "HTTP " + status;
        String detail = switch (status) {
            case 415 -> "Send the body as application/json (UTF-8).";
            case 405 -> "This method is not allowed on this path.";
            case 404 -> "Nothing is here.";
            default -> title + ".";
        };
        Response.ResponseBuilder builder = Response.status(status).type(Problem.PROBLEM_JSON)
                .entity(Problem.of(status, title, detail, List.of()));
        e.getResponse().getHeaders().forEach((name, values) -> {
            if (name.equalsIgnoreCase("Allow") || name.equalsIgnoreCase("Retry-After")) {
                values.forEach(v -> builder.header(name, v));
            }
        });
        return builder.build();
    }
}
