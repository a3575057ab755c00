package io.despacho.access;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.despacho.testing.Api;
import io.despacho.testing.TestCnj;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** Every /api endpoint against each caller: none, a wrong token, a webhook token, the reader, the operator. */
@QuarkusTest
class AccessControlTest {

    /** An endpoint and the status each role gets; the inputs lead to a refusal that costs no provider call. */
    record Endpoint(String method, String operationId, String path, String body, int reader, int operator) {
    }

    static final String CNJ = TestCnj.next().digits();
    static final String NO_ID = "987654321987";
    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("GET", "getProcesso", "/api/processos/" + CNJ, null, 404, 404),
            new Endpoint("GET", "listPedidos", "/api/pedidos?size=1", null, 200, 200),
            new Endpoint("GET", "getPedido", "/api/pedidos/" + NO_ID, null, 404, 404),
            new Endpoint("GET", "listPublicacoes", "/api/publicacoes?cnj=" + CNJ, null, 200, 200),
            new Endpoint("GET", "getPublicacao", "/api/publicacoes/" + NO_ID, null, 404, 404),
            new Endpoint("GET", "getRelatorio", "/api/relatorios/" + NO_ID, null, 404, 404),
            new Endpoint("GET", "listRelatorioProcessos", "/api/relatorios/" + NO_ID + "/processos", null, 404, 404),
            new Endpoint("GET", "getRelatorioSolicitacao", "/api/relatorios/" + NO_ID + "/solicitacao", null, 404, 404),
            new Endpoint("GET", "getAtualizacao", "/api/atualizacoes/" + UUID.randomUUID(), null, 404, 404),
            new Endpoint("GET", "getConsulta", "/api/consultas/" + UUID.randomUUID(), null, 404, 404),
            new Endpoint("GET", "listDeadLetters", "/api/dlq?size=1", null, 403, 200),
            new Endpoint("POST", "replayDeadLetter", "/api/dlq/" + NO_ID + "/replay", null, 403, 404),
            new Endpoint("POST", "replayDeadLetters", "/api/dlq/replay", null, 403, 400),
            new Endpoint("POST", "renormalizeProcesso", "/api/processos/" + CNJ + "/renormalize", null, 403, 404),
            new Endpoint("POST", "renormalizePedido", "/api/pedidos/" + NO_ID + "/renormalize", null, 403, 404),
            new Endpoint("POST", "requestProcessoUpdate", "/api/processos/123/atualizar", null, 403, 400),
            new Endpoint("POST", "requestRelatorio", "/api/relatorios", "{}", 403, 400),
            new Endpoint("POST", "orderRelatorio", "/api/relatorios/" + NO_ID + "/encomendar", null, 403, 404),
            new Endpoint("POST", "startConsulta", "/api/consultas", "{\"tipo\": \"CPF\", \"documento\": \"1\"}", 403, 400),
            new Endpoint("POST", "recoverNotas", "/api/justicafacil/notas/recuperar?de=2026-11-02&ate=2026-11-01", null, 403, 400));

    static final List<String> TABLE = new ArrayList<>();

    @Test
    void eachRoleGetsWhatItsRoleAllows() {
        for (Endpoint endpoint : ENDPOINTS) {
            int anonymous = call(given(), endpoint).statusCode();
            int wrong = call(given().header("Authorization", "Bearer not-a-token"), endpoint).statusCode();
            int webhookToken = call(given().header("Authorization", "Bearer test-digesto-token"), endpoint)
                    .statusCode();
            int reader = call(Api.asReader(), endpoint).statusCode();
            int operator = call(Api.asOperator(), endpoint).statusCode();
            TABLE.add(String.format("| %-4s %-62s | %d | %d | %d | %d | %d |", endpoint.method(), endpoint.path(),
                    anonymous, wrong, webhookToken, reader, operator));
            assertThat(List.of(anonymous, wrong, webhookToken, reader, operator)).as(endpoint.method() + " "
                    + endpoint.path() + ": none, wrong, webhook token, reader, operator")
                    .containsExactly(401, 401, 401, endpoint.reader(), endpoint.operator());
        }
    }

    @Test
    void theDocumentNamesTheSameRolesPerOperation() throws Exception {
        JsonNode paths = new ObjectMapper().readTree(given().get("/q/openapi?format=json").then().statusCode(200)
                .extract().asString()).get("paths");
        Map<String, List<String>> documented = new HashMap<>();
        paths.forEach(item -> item.forEach(operation -> {
            List<String> schemes = new ArrayList<>();
            operation.path("security").forEach(requirement -> requirement.fieldNames().forEachRemaining(schemes::add));
            documented.put(operation.path("operationId").asText(), schemes);
        }));
        for (Endpoint endpoint : ENDPOINTS) {
            assertThat(documented.get(endpoint.operationId())).as(endpoint.operationId())
                    .containsExactlyInAnyOrderElementsOf(endpoint.reader() == 403 ? List.of(Roles.OPERATOR)
                            : List.of(Roles.READER, Roles.OPERATOR));
        }
        assertThat(documented.keySet().stream().filter(id -> !id.startsWith("receive")))
                .as("every /api operation is in the matrix").hasSameSizeAs(ENDPOINTS);
    }

    @Test
    void refusalsAreProblemsThatNameWhatToSend() {
        given().get("/api/pedidos").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("status", equalTo(401)).body("detail", containsString("Authorization: Bearer"));
        given().header("Authorization", "Basic b3BlcmF0b3I6eA==").get("/api/pedidos").then().statusCode(401)
                .contentType("application/problem+json");
        Api.asReader().get("/api/dlq").then().statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("operator"));
        String wrong = given().header("Authorization", "Bearer not-a-token").get("/api/pedidos").then()
                .statusCode(401).extract().asString();
        assertThat(wrong).doesNotContain("not-a-token");
        // OIDC is off here (no QUARKUS_OIDC_AUTH_SERVER_URL): a JWT is just a token that is not ours
        given().header("Authorization", "Bearer eyJhbGciOiJub25lIn0.eyJyZWFsbV9hY2Nlc3MiOnsicm9sZXMiOlsib3BlcmF0b3IiXX19.")
                .get("/api/dlq").then().statusCode(401);
    }

    @Test
    void anUnauthenticatedBodyIsRefusedBeforeItIsRead() throws Exception {
        // declares 1 MiB (under the /api limit) and sends 1 KiB: an answer can only come before the body is read
        assertThat(answerToAPartialBody(null, 10_000)).isEqualTo("HTTP/1.1 401");
        // the control: the operator's same request is read, so it waits for the rest of the body
        assertThatThrownBy(() -> answerToAPartialBody(Api.OPERATOR_TOKEN, 2_000))
                .isInstanceOf(SocketTimeoutException.class);
    }

    private static String answerToAPartialBody(String token, int patienceMillis) throws Exception {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(patienceMillis);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/relatorios HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
                    + "Content-Length: 1048576\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[1024]);
            out.flush();
            return new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
        }
    }

    @Test
    void apiBodiesHaveTheirOwnLimit() throws Exception {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /api/relatorios HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + Api.OPERATOR_TOKEN + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + (2 * 1024 * 1024 + 1) + "\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 413").contains("application/problem+json").contains("2097152");
        }
        // refused, then closed only once the client has sent its body: closing at once reset some of these
        // connections before their client read the answer (1 in 11 here); 100 in a row all get theirs
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < 100; i++) {
            InputStream chunks = new ByteArrayInputStream("{\"cnjs\": []}".getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> chunked = client.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + RestAssured.port + "/api/relatorios"))
                    .header("Authorization", "Bearer " + Api.OPERATOR_TOKEN).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> chunks)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(chunked.statusCode()).as("request %d", i).isEqualTo(411);
        }
        // the webhooks keep their own (larger) limit: 3 MiB declared is not refused for size there
        assertThat(given().header("Authorization", "Bearer test-digesto-token").contentType("application/json")
                .body("[" + "0,".repeat(1_500_000) + "0]").post("/webhooks/digesto").statusCode()).isNotIn(411, 413);
    }

    @AfterAll
    static void printTable() {
        System.out.println("| endpoint | none | wrong token | webhook token | reader | operator |");
        TABLE.forEach(System.out::println);
    }

    private static Response call(RequestSpecification request, Endpoint endpoint) {
        if (endpoint.body() != null) {
            request = request.contentType("application/json").body(endpoint.body());
        }
        return endpoint.method().equals("GET") ? request.get(endpoint.path()) : request.post(endpoint.path());
    }
}
