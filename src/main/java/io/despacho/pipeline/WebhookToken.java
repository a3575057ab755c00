package io.despacho.pipeline;

import java.util.List;

import io.despacho.shared.Hashing;

/**
 * Checks the secret a provider sends in {@code ?token=} or {@code Authorization: Bearer}. Both sides are hashed
 * before the constant-time comparison so that neither the content nor the length of the secret leaks through timing.
 */
public final class WebhookToken {

    private static final String BEARER = "bearer ";

    private WebhookToken() {
    }

    /**
     * @param expected the configured secret
     * @param queryTokens every {@code token} query parameter of the request (more than one is refused, and so is one
     *                    alongside an Authorization header)
     * @param authorization the Authorization header, or null
     */
    public static boolean matches(String expected, List<String> queryTokens, String authorization) {
        if (expected == null || expected.isEmpty()) {
            return false;
        }
        String presented;
        boolean hasQueryToken = queryTokens != null && !queryTokens.isEmpty();
        if (authorization != null && hasQueryToken) {
            return false; // two credentials: refuse rather than guess which one the sender meant (found by the fuzzer)
        }
        if (authorization != null) {
            if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                return false;
            }
            presented = authorization.substring(BEARER.length()).trim();
        } else if (queryTokens != null && queryTokens.size() == 1) {
            presented = queryTokens.get(0);
        } else {
            return false;
        }
        return Hashing.sameSecret(expected, presented);
    }

}
