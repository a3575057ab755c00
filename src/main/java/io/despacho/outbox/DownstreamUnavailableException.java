package io.despacho.outbox;

/** The broker did not acknowledge downstream records in time: the caller keeps them and tries again later. */
public class DownstreamUnavailableException extends RuntimeException {

    public DownstreamUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
