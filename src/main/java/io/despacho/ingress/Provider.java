package io.despacho.ingress;

import java.util.Locale;

/** A provider that calls our webhooks; its name is the suffix of its inbound and DLQ topics. */
public enum Provider {
    DIGESTO,
    ANOREG;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String inboundTopic() {
        return "despacho.inbound." + id();
    }
}
