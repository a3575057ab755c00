package io.despacho.shared;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Provider answers are read with exact decimals, as the webhooks are: an amount stays 50794.08 rather than the
 * nearest double, and a number out of range stays itself (1E+500000000), to be refused by {@link Numbers} and kept
 * raw as text ({@link Numbers#sanitized}), instead of turning into an Infinity that no JSON column takes.
 */
@Singleton
public class ExactDecimals implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    }
}
