package io.despacho.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A Judit lawsuit (response_data of GET /responses) in the shape of Judit's glossary, fresh on each call. */
public final class JuditSamples {

    private JuditSamples() {
    }

    public static ObjectNode lawsuit() {
        try (InputStream in = JuditSamples.class.getResourceAsStream("/judit/lawsuit.json")) {
            return (ObjectNode) new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
