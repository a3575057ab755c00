package io.despacho.dev;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.arc.profile.IfBuildProfile;

/**
 * Dev-profile stand-in for the Anoreg/MT API (login, pedido, andamentos), shaped after providers/anoreg-mt-cei.txt:
 * Bearer token from /auth/login, rate-limit headers, "Unauthenticated." without a token. Absent from the prod build.
 */
@IfBuildProfile("dev")
@Path("/sandbox/anoreg")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Dev sandbox (dev profile only)")
public class AnoregSandboxResource {

    private static final String TOKEN = "sandbox-" + UUID.randomUUID();

    private final ObjectMapper mapper;

    public AnoregSandboxResource(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @POST
    @Path("/auth/login")
    public Response login() {
        return withRateLimit(Response.ok(mapper.createObjectNode()
                .put("access_token", TOKEN).put("token_type", "bearer").put("expires_in", 4 * 3600)));
    }

    @GET
    @Path("/distribuicao/api/v2/pedidos/{id}")
    public Response pedido(@PathParam("id") long id, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        if (!authorized(authorization)) {
            return unauthenticated();
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(-4));
        ObjectNode pedido = mapper.createObjectNode()
                .put("id", id)
                .put("protocolo", "CEI-" + id)
                .put("status", "pendente")
                .put("tipo_pedido", "1")
                .put("cns", "000000")
                .put("descricao", "Solicito matrícula atualizada número 14500.")
                .put("observacao_remetente", "ID Interno #456897")
                .put("valor", 87.45)
                .put("created_at", now.minusDays(2).toString())
                .put("updated_at", now.toString());
        pedido.putArray("partes").addObject().put("nome", "FULANO DE TAL").put("cpf_cnpj", "12345678909");
        ObjectNode body = mapper.createObjectNode();
        body.set("data", pedido);
        return withRateLimit(Response.ok(body));
    }

    @GET
    @Path("/distribuicao/api/v2/pedidos/{id}/andamentos")
    public Response andamentos(@PathParam("id") long id, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        if (!authorized(authorization)) {
            return unauthenticated();
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(-4));
        ObjectNode body = mapper.createObjectNode();
        ArrayNode list = body.putArray("data");
        list.addObject().put("id", id * 10 + 1).put("descricao", "Pedido recebido pela serventia")
                .put("created_at", now.minusDays(2).toString());
        list.addObject().put("id", id * 10 + 2).put("descricao", "Certidão emitida")
                .put("created_at", now.toString());
        return withRateLimit(Response.ok(body));
    }

    private static boolean authorized(String authorization) {
        return ("Bearer " + TOKEN).equals(authorization);
    }

    private Response unauthenticated() {
        return withRateLimit(Response.status(401).entity(mapper.createObjectNode().put("message", "Unauthenticated.")));
    }

    private static Response withRateLimit(Response.ResponseBuilder builder) {
        return builder.header("x-ratelimit-limit", 30).header("x-ratelimit-remaining", 29).build();
    }
}
