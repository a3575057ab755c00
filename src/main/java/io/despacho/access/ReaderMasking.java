package io.despacho.access;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;

/**
 * Every /api answer a non-operator gets has its CPFs masked ({@link CpfMasking}); operators see them whole. Records
 * served as the stored JSON text stay byte for byte as published when there is nothing to mask.
 */
public class ReaderMasking {

    private final ObjectMapper mapper;
    private final CurrentVertxRequest current;

    public ReaderMasking(ObjectMapper mapper, CurrentVertxRequest current) {
        this.mapper = mapper;
        this.current = current;
    }

    @ServerResponseFilter
    public void mask(ContainerRequestContext request, ContainerResponseContext response) {
        Object entity = response.getEntity();
        if (entity == null || !request.getUriInfo().getPath().startsWith("/api/") || isOperator()) {
            return;
        }
        try {
            if (entity instanceof String text) {
                JsonNode tree = mapper.readTree(text);
                if (CpfMasking.mask(tree)) {
                    response.setEntity(mapper.writeValueAsString(tree));
                }
            } else {
                JsonNode tree = mapper.valueToTree(entity);
                if (CpfMasking.mask(tree)) {
                    response.setEntity(tree);
                }
            }
        } catch (JsonProcessingException e) {
            // not JSON: no /api answer is plain text; mask it as text rather than let a CPF through
            response.setEntity(CpfMasking.masked(entity.toString()));
        } catch (IllegalArgumentException e) {
            // fail closed: an answer that cannot be checked for CPFs is not sent to a reader
            throw new IllegalStateException("cannot mask a " + entity.getClass().getSimpleName() + " answer", e);
        }
    }

    /**
     * The identity the role check already resolved on this request; asking CDI for it could block the IO thread.
     * None resolved (a refusal) counts as not an operator: mask.
     */
    private boolean isOperator() {
        return current.getCurrent() != null && current.getCurrent().user() instanceof QuarkusHttpUser user
                && user.getSecurityIdentity().hasRole(Roles.OPERATOR);
    }
}
