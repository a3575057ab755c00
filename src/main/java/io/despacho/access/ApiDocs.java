package io.despacho.access;

import jakarta.ws.rs.core.Application;

import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.servers.Server;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The OpenAPI document's shared parts: who may call what (one bearer scheme per role, the webhook secrets) and the
 * tags. Each operation names its schemes next to its {@code @RolesAllowed}; AccessControlTest checks they agree.
 */
@OpenAPIDefinition(
        info = @Info(title = "Despacho", version = "1", description = "Webhook ingress and normalized records of"
                + " Brazilian legal-data providers"),
        servers = @Server(url = "/", description = "This instance"),
        tags = {
                @Tag(name = "Processos", description = "Normalized processes, by CNJ or court number"),
                @Tag(name = "Pedidos", description = "Anoreg/MT pedidos"),
                @Tag(name = "Publicações", description = "Justiça Fácil notas in the official journals"),
                @Tag(name = "Relatórios", description = "Digesto virtual reports and their processes"),
                @Tag(name = "Consultas (Judit)", description = "Searches by CPF, CNPJ or OAB"),
                @Tag(name = "Operations", description = "Dead letters, replay, renormalize, provider requests"),
                @Tag(name = "Webhooks", description = "What the providers call; each checks its own secret") },
        components = @org.eclipse.microprofile.openapi.annotations.Components(securitySchemes = {
                @SecurityScheme(securitySchemeName = Roles.READER, type = SecuritySchemeType.HTTP, scheme = "bearer",
                        description = "DESPACHO_READER_TOKEN, or an OIDC access token with the reader role: reads,"
                                + " CPFs masked"),
                @SecurityScheme(securitySchemeName = Roles.OPERATOR, type = SecuritySchemeType.HTTP, scheme = "bearer",
                        description = "DESPACHO_OPERATOR_TOKEN, or an OIDC access token with the operator role: reads"
                                + " with whole CPFs, and the operator actions"),
                @SecurityScheme(securitySchemeName = ApiDocs.WEBHOOK_BEARER, type = SecuritySchemeType.HTTP,
                        scheme = "bearer", description = "The provider's webhook secret"),
                @SecurityScheme(securitySchemeName = ApiDocs.WEBHOOK_QUERY, type = SecuritySchemeType.APIKEY,
                        in = SecuritySchemeIn.QUERY, apiKeyName = "token",
                        description = "The provider's webhook secret, for providers that cannot send a header") }))
public class ApiDocs extends Application {

    public static final String WEBHOOK_BEARER = "webhookBearer";
    public static final String WEBHOOK_QUERY = "webhookToken";
}
