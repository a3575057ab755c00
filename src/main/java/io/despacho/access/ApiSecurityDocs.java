package io.despacho.access;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/** Every /api operation answers 401 and 403 alike (AccessProblems): documented once here. */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ApiSecurityDocs implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (path.startsWith("/api/")) {
                item.getOperations().values().forEach(ApiSecurityDocs::document);
            }
        });
    }

    private static void document(Operation operation) {
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        if (operation.getResponses().getAPIResponse("401") == null) {
            operation.getResponses().addAPIResponse("401", OASFactory.createAPIResponse().description("No token, or"
                    + " not one of ours (problem+json, WWW-Authenticate: Bearer). Refused before the body is read."));
        }
        if (operation.getResponses().getAPIResponse("403") == null) {
            operation.getResponses().addAPIResponse("403", OASFactory.createAPIResponse().description("The token's"
                    + " role may not do this: the operator actions need the operator role."));
        }
    }
}
