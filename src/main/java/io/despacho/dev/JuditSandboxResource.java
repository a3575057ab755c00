package io.despacho.dev;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.arc.profile.IfBuildProfile;

/**
 * Dev-profile stand-in for Judit: every request completes at once with one lawsuit (the Digesto sample's process, in
 * Judit's shape), and calls back /webhooks/judit 2 s later when a callback_url was given. Absent from the prod build.
 */
@IfBuildProfile("dev")
@Path("/sandbox/judit")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Dev sandbox (dev profile only)")
public class JuditSandboxResource {

    private final ObjectMapper mapper;
    private final SandboxCallbacks callbacks;

    public JuditSandboxResource(ObjectMapper mapper, SandboxCallbacks callbacks) {
        this.mapper = mapper;
        this.callbacks = callbacks;
    }

    @POST
    @Path("/requests")
    public JsonNode create(JsonNode request) {
        String id = UUID.randomUUID().toString();
        if (request != null && request.hasNonNull("callback_url")) {
            callbacks.judit("{\"event_type\": \"request_completed\", \"reference_type\": \"request\","
                    + " \"reference_id\": \"" + id + "\", \"payload\": {}}");
        }
        ObjectNode answer = mapper.createObjectNode().put("request_id", id).put("status", "pending");
        answer.set("search", request == null ? null : request.get("search"));
        return answer;
    }

    @GET
    @Path("/requests/{id}")
    public JsonNode status(@PathParam("id") String id) {
        return mapper.createObjectNode().put("request_id", id).put("status", "completed");
    }

    @GET
    @Path("/responses")
    public JsonNode responses(@QueryParam("request_id") String id, @QueryParam("page") int page) {
        ObjectNode body = mapper.createObjectNode().put("request_status", "completed").put("page", page)
                .put("all_count", 1).put("all_pages_count", 1);
        var data = body.putArray("page_data");
        if (page <= 1) {
            data.addObject().put("request_id", id).put("response_id", UUID.randomUUID().toString())
                    .put("response_type", "lawsuit").set("response_data", sample());
        }
        body.put("page_count", data.size());
        return body;
    }

    private JsonNode sample() {
        try (InputStream in = getClass().getResourceAsStream("/sandbox/judit-lawsuit.json")) {
            return mapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
