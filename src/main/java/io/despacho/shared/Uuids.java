package io.despacho.shared;

import java.util.Optional;
import java.util.UUID;

/** Ids of our own requests (atualizações, consultas) as they come in a path. */
public final class Uuids {

    private Uuids() {
    }

    /** The UUID, or empty for anything else (which a lookup treats as unknown, not as a bad request). */
    public static Optional<UUID> parse(String text) {
        try {
            return text == null ? Optional.empty() : Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
