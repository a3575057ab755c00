package io.despacho.problem;

import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import io.despacho.shared.ProviderException;

/** How a failed call to a provider, made while answering one of our API requests, is told to our caller. */
public final class ProviderProblems {

    private ProviderProblems() {
    }

    /** What went wrong, in words safe to show: the provider's status, never a stack trace or a secret. */
    public static String reason(RuntimeException e) {
        if (e instanceof CircuitBreakerOpenException) {
            return "its circuit is open after repeated failures";
        }
        return e instanceof ProviderException ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** 502 when the provider refused (a permanent 4xx), 503 when it could not be reached or refused for now. */
    public static ProblemException unavailable(String detail, RuntimeException e) {
        boolean permanent = e instanceof ProviderException p && !p.isTransient();
        return new ProblemException(Problem.of(permanent ? Response.Status.BAD_GATEWAY
                : Response.Status.SERVICE_UNAVAILABLE, detail));
    }
}
