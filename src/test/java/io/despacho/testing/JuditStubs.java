package io.despacho.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;

import java.util.UUID;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;

import io.despacho.shared.Cnj;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Judit's requests API in WireMock, and our consulta and callback calls, for the tests. */
public final class JuditStubs {

    public static final String OPERATOR = "Bearer test-operator-token";

    private JuditStubs() {
    }

    /** POST /requests for this search_key answers this request id. */
    public static void stubCreate(WireMockServer api, String searchKey, String requestId) {
        api.stubFor(post(urlEqualTo("/judit/requests")).withRequestBody(matchingJsonPath("$.search.search_key",
                WireMock.equalTo(searchKey))).willReturn(okJson("{\"request_id\": \"" + requestId
                        + "\", \"status\": \"pending\"}")));
    }

    /** One page of GET /responses of a completed request. */
    public static void stubResponses(WireMockServer api, String requestId, int page, int pages, ObjectNode... items) {
        ObjectNode body = DigestoStubs.JSON.createObjectNode();
        body.put("request_status", "completed").put("page", page).put("page_count", items.length)
                .put("all_count", 99).put("all_pages_count", pages);
        ArrayNode data = body.putArray("page_data");
        for (ObjectNode item : items) {
            data.add(item);
        }
        api.stubFor(get(urlPathEqualTo("/judit/responses")).withQueryParam("request_id", WireMock.equalTo(requestId))
                .withQueryParam("page", WireMock.equalTo(Integer.toString(page))).willReturn(okJson(body.toString())));
    }

    /** A page_data item holding the sample lawsuit as this process. */
    public static ObjectNode lawsuit(Cnj cnj) {
        ObjectNode lawsuit = JuditSamples.lawsuit();
        lawsuit.put("code", cnj.formatted());
        ObjectNode item = DigestoStubs.JSON.createObjectNode();
        item.put("response_id", UUID.randomUUID().toString()).put("response_type", "lawsuit");
        item.set("response_data", lawsuit);
        return item;
    }

    /** A page_data item saying a tribunal found nothing. */
    public static ObjectNode notFound() {
        ObjectNode item = DigestoStubs.JSON.createObjectNode();
        item.put("response_type", "application_error").putObject("response_data").put("code", 2)
                .put("message", "LAWSUIT_NOT_FOUND");
        return item;
    }

    /** POST /api/consultas as an operator. */
    public static ValidatableResponse start(String tipo, String documento) {
        return given().header("Authorization", OPERATOR).contentType(ContentType.JSON)
                .body("{\"tipo\": \"" + tipo + "\", \"documento\": \"" + documento + "\"}").post("/api/consultas")
                .then();
    }

    /** POST /webhooks/judit with the test token. */
    public static ValidatableResponse callback(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/webhooks/judit?token=test-judit-token").then();
    }

    public static ValidatableResponse completed(String requestId) {
        return callback("{\"event_type\": \"request_completed\", \"reference_type\": \"request\", \"reference_id\": \""
                + requestId + "\", \"payload\": {}}");
    }
}
