package io.despacho.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;

import io.despacho.shared.Cnj;

/** Digesto webhook bodies and API stubs built from the provider-doc samples the sandbox also serves. */
public final class DigestoStubs {

    public static final ObjectMapper JSON = new ObjectMapper();
    /** Matches the %test report page size. */
    public static final int REPORT_PAGE_SIZE = 3;

    private static final ObjectNode TRIBPROC = read("/sandbox/digesto-tribproc.json");
    private static final JsonNode REPORT_SOURCE = read("/sandbox/digesto-virtual-report-final.json")
            .at("/data/hits/hits/0/_source");

    private DigestoStubs() {
    }

    /** The documented tribproc sample as the given process at the given snapshot time. */
    public static ObjectNode process(Cnj cnj, String alteradoEm) {
        ObjectNode process = TRIBPROC.deepCopy();
        process.put("numero", cnj.formatted());
        process.put("alteradoEm", alteradoEm);
        return process;
    }

    /** A webhook body: a list holding one event. */
    public static String event(long id, int type, JsonNode data) {
        ObjectNode event = JSON.createObjectNode();
        event.put("id", id);
        event.put("evt_type", type);
        event.putObject("created_at").put("$date", 1700000000000L);
        event.set("data", data);
        return "[" + event + "]";
    }

    /** A 15 (preview) or 16 (finished) webhook body for a virtual report. */
    public static String reportEvent(long id, int type, long report) {
        return "[{\"id\": " + id + ", \"evt_type\": " + type + ", \"data\": {\"status\": \"" + (type == 16 ? "finished"
                : "preview") + "\", \"vr_id\": " + report + "}}]";
    }

    /** Stubs the report's metadata and its /final pages (plus the empty page after the last). */
    public static void stubReport(WireMockServer api, long report, List<Cnj> cnjs) {
        stubReport(api, report, cnjs, okJson("{}").build());
    }

    /** The same, every answer passed through the given answer's transformers (e.g. {@link ProviderChaos}). */
    public static void stubReport(WireMockServer api, long report, List<Cnj> cnjs, ResponseDefinition through) {
        stubReportSources(api, report, cnjs.stream().map(c -> reportSource(c.formatted())).toList(), through);
    }

    /** A report process (the documentation's _source) with this number. */
    public static ObjectNode reportSource(String numero) {
        ObjectNode s = REPORT_SOURCE.deepCopy();
        s.put("numero", numero);
        return s;
    }

    /** Stubs a report listing these _sources, as they are. */
    public static void stubReportSources(WireMockServer api, long report, List<ObjectNode> sources,
            ResponseDefinition through) {
        List<String> numbers = sources.stream().map(s -> s.path("numero").asText()).toList();
        api.stubFor(get(urlEqualTo("/digesto/api/virtual_report/" + report))
                .willReturn(like(okJson("{\"name\": \"Relatório " + report + "\", \"progress\": 100,"
                        + " \"finished_at\": {\"$date\": 1671043867000}}"), through)));
        int pages = (sources.size() + REPORT_PAGE_SIZE - 1) / REPORT_PAGE_SIZE;
        for (int page = 1; page <= pages + 1; page++) {
            ObjectNode body = JSON.createObjectNode();
            ObjectNode hits = body.putObject("data").putObject("hits");
            hits.put("total", sources.size());
            body.put("eta", 0).put("name", "Relatório " + report).put("finished_at", "Wed, 14 Dec 2022 18:51:07 GMT");
            ArrayNode list = hits.putArray("hits");
            for (int i = (page - 1) * REPORT_PAGE_SIZE; i < Math.min(sources.size(), page * REPORT_PAGE_SIZE); i++) {
                list.addObject().put("_id", "5-" + numbers.get(i).replaceAll("\\D", "")).put("_index", "procs")
                        .set("_source", sources.get(i));
            }
            api.stubFor(post(urlEqualTo("/digesto/api/virtual_report/" + report + "/final"))
                    .withRequestBody(matchingJsonPath("$.page", equalTo(Integer.toString(page))))
                    .willReturn(like(okJson(body.toString()), through)));
        }
    }

    private static ResponseDefinitionBuilder like(ResponseDefinitionBuilder answer, ResponseDefinition through) {
        return through.getTransformers() == null ? answer
                : answer.withTransformers(through.getTransformers().toArray(String[]::new))
                        .withTransformerParameters(through.getTransformerParameters());
    }

    private static ObjectNode read(String resource) {
        try (InputStream in = DigestoStubs.class.getResourceAsStream(resource)) {
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
