package io.despacho.pipeline;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** The requests the webhook tests send, with the test profile's tokens. */
public final class WebhookCalls {

    public static final String DIGESTO_TOKEN = "test-digesto-token";
    public static final String ANOREG_TOKEN = "test-anoreg-token";
    public static final String DIGESTO = "/webhooks/digesto";
    public static final String ANOREG = "/webhooks/anoreg/pedidos";

    private WebhookCalls() {
    }

    public static ValidatableResponse digesto(String body) {
        return given().contentType(ContentType.JSON).queryParam("token", DIGESTO_TOKEN).body(body)
                .post(DIGESTO).then();
    }

    public static ValidatableResponse anoreg(String body) {
        return given().contentType(ContentType.JSON).queryParam("token", ANOREG_TOKEN).body(body)
                .post(ANOREG).then();
    }
}
