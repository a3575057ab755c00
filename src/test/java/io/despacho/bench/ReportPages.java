package io.despacho.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.common.FileSource;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ResponseTransformer;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.Response;

import io.despacho.testing.TestCnj;

/** Generates page N of a report of "size" processes on the fly, so WireMock holds no report in memory. */
public class ReportPages extends ResponseTransformer {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static volatile JsonNode sample;

    @Override
    public Response transform(Request request, Response response, FileSource files, Parameters parameters) {
        try {
            JsonNode query = MAPPER.readTree(request.getBodyAsString());
            int page = query.get("page").asInt();
            int perPage = query.get("itemsPerPage").asInt();
            int size = parameters.getInt("size");
            ObjectNode body = MAPPER.createObjectNode();
            ObjectNode hits = body.putObject("data").putObject("hits");
            hits.put("total", size);
            var list = hits.putArray("hits");
            for (int i = (page - 1) * perPage; i < Math.min(size, page * perPage); i++) {
                ObjectNode s = sample.deepCopy();
                s.put("numero", TestCnj.next().formatted());
                list.addObject().set("_source", s);
            }
            return Response.Builder.like(response).but().status(200)
                    .headers(new com.github.tomakehurst.wiremock.http.HttpHeaders(
                            new com.github.tomakehurst.wiremock.http.HttpHeader("Content-Type", "application/json")))
                    .body(body.toString()).build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String getName() {
        return "report-pages";
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }
}
