package io.despacho.pipeline;

import static io.despacho.pipeline.WebhookCalls.DIGESTO_TOKEN;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Bodies over the limit (10 MiB by default) are refused with 413, declared or streamed. */
@QuarkusTest
class WebhookLimitsTest {

    private static final int OVER_LIMIT = 10 * 1024 * 1024 + 1024;

    @TestHTTPResource("/webhooks/digesto")
    URI digesto;

    @Test
    void declaredLengthOverTheLimitIs413BeforeTheBodyIsSent() throws Exception {
        // only the headers are sent: the answer must come without the server waiting for (or reading) the body
        String response = exchange("/webhooks/digesto?token=" + DIGESTO_TOKEN,
                "Content-Length: " + OVER_LIMIT + "\r\n", new byte[0]);
        assertThat(response).startsWith("HTTP/1.1 413").contains("application/problem+json").contains("\"status\":413");
    }

    @Test
    void declaredLengthIsCheckedBeforeTheToken() throws Exception {
        assertThat(exchange("/webhooks/anoreg/pedidos", "Content-Length: 999999999999999999\r\n", new byte[0]))
                .startsWith("HTTP/1.1 413");
    }

    @Test
    void streamedBodyOverTheLimitIsCutOffWith413() throws Exception {
        byte[] mebibyte = hugeJsonList(1024 * 1024);
        ByteArrayOutputStream chunked = new ByteArrayOutputStream();
        for (int i = 0; i < 11; i++) {
            chunked.write((Integer.toHexString(mebibyte.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            chunked.write(mebibyte);
            chunked.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        chunked.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        String response = exchange("/webhooks/digesto?token=" + DIGESTO_TOKEN, "Transfer-Encoding: chunked\r\n",
                chunked.toByteArray());
        assertThat(response).startsWith("HTTP/1.1 413");
    }

    /** Sends one raw HTTP request and returns what the server answered (as far as it answered). */
    private String exchange(String pathAndQuery, String extraHeaders, byte[] body) throws Exception {
        try (Socket socket = new Socket(digesto.getHost(), digesto.getPort())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + pathAndQuery + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + extraHeaders + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            try {
                out.write(body);
                out.flush();
            } catch (IOException closedWhileSending) {
                // the server answered and closed before the whole body was written: what it answered is read below
            }
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) > 0;) {
                    answer.write(buffer, 0, n);
                    if (answer.toString(StandardCharsets.UTF_8).contains("}")) {
                        break; // the problem body is complete
                    }
                }
            } catch (IOException resetAfterAnswer) {
                // a reset after the answer was received
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void bodyJustUnderTheLimitIsRead() {
        // a valid but useless body: refused for its content (400), not its size
        byte[] body = hugeJsonList(5 * 1024 * 1024);
        given().contentType(ContentType.JSON).queryParam("token", DIGESTO_TOKEN).body(body).post("/webhooks/digesto")
                .then().statusCode(400);
    }

    /** A JSON list of strings of about {@code size} bytes. */
    static byte[] hugeJsonList(int size) {
        StringBuilder json = new StringBuilder(size + 16).append('[');
        String item = "\"" + "x".repeat(1000) + "\"";
        while (json.length() < size) {
            json.append(json.length() > 1 ? "," : "").append(item);
        }
        return json.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }
}
