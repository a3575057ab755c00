package io.despacho.pipeline;

import java.util.Locale;
import java.util.Optional;

/** A provider whose events Despacho takes (webhook or poller); its id is the suffix of its inbound and DLQ topics. */
public enum Provider {
    DIGESTO,
    ANOREG,
    JUSTICAFACIL,
    JUDIT;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The provider with this id ("digesto", "anoreg", "justicafacil", "judit"; case and surrounding blanks ignored). */
    public static Optional<Provider> fromId(String id) {
        for (Provider provider : values()) {
            if (provider.id().equalsIgnoreCase(id == null ? "" : id.trim())) {
                return Optional.of(provider);
            }
        }
        return Optional.empty();
    }

    public String inboundTopic() {
        return "despacho.inbound." + id();
    }
}
