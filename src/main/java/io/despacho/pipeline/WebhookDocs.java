package io.despacho.pipeline;

/** Texts shared by the webhook endpoints' OpenAPI documentation. */
public final class WebhookDocs {

    public static final String TOKEN = "The webhook secret; Authorization: Bearer <secret> works too.";
    public static final String ACCEPTED = "Every event is durable on the inbound topic; the body lists their ids.";
    public static final String INVALID = "Malformed JSON or an invalid event; the problem body names the event index "
            + "and the field. Nothing of the request was published.";
    public static final String UNAUTHORIZED = "Missing or wrong token. Nothing was published.";
    public static final String TOO_LARGE = "Body over despacho.ingress.max-body-size (10 MiB by default).";
    public static final String UNSUPPORTED = "Content-Type is not application/json (UTF-8).";
    public static final String UNAVAILABLE = "Kafka did not acknowledge every event in time; retry after Retry-After "
            + "seconds. Never answered 2xx for an event that is not on Kafka.";

    private WebhookDocs() {
    }
}
