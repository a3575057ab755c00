package io.despacho.access;

/** The two /api roles. Reads allow both; an OIDC identity may carry either. */
public final class Roles {

    public static final String READER = "reader";
    public static final String OPERATOR = "operator";

    private Roles() {
    }
}
