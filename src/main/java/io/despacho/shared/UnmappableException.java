package io.despacho.shared;

/** A provider payload that can never be mapped (no valid CNJ, wrong shape): retrying will not help. */
public class UnmappableException extends RuntimeException {

    public UnmappableException(String message) {
        super(message, null, false, false);
    }
}
