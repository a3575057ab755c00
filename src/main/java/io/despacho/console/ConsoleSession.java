package io.despacho.console;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.despacho.access.AccessConfig;
import io.despacho.access.Roles;
import io.despacho.shared.Hashing;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.PersistentLoginManager;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;

/**
 * The console's sign-in session: an AES-GCM encrypted cookie (Quarkus's own persistent-login format, the one form
 * authentication uses) holding the role and the session's CSRF token; HttpOnly, SameSite=Strict, Secure outside dev.
 * Only /console reads it, so the /api keeps its bearer tokens and a console cookie never authorizes an /api call.
 */
@ApplicationScoped
public class ConsoleSession implements HttpAuthenticationMechanism {

    static final String PATH = "/console";
    static final String COOKIE = "despacho-console";
    static final String LOGIN_COOKIE = "despacho-console-login";
    static final String CSRF = "csrf";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PersistentLoginManager cookies;
    private final ConsoleConfig config;

    public ConsoleSession(ConsoleConfig config, AccessConfig access) {
        this.config = config;
        String key = config.sessionKey().filter(k -> !k.isBlank()).orElseGet(() -> derivedKey(access));
        long timeout = config.sessionTimeout().toMillis();
        this.cookies = new PersistentLoginManager(key, COOKIE, timeout, Math.min(60_000, timeout / 2), true,
                CookieSameSite.STRICT.name(), PATH, -1, null);
    }

    /** From the role tokens every pod shares; none set (OIDC only) → a random key, one pod's sessions per pod. */
    private static String derivedKey(AccessConfig access) {
        String tokens = access.operatorToken().orElse("") + "|" + access.readerToken().orElse("");
        return tokens.length() <= 1 ? null : Hashing.sha256Hex("despacho-console-session|" + tokens);
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        if (!context.normalizedPath().startsWith(PATH)) {
            return Uni.createFrom().nullItem();
        }
        PersistentLoginManager.RestoreResult restored = cookies.restore(context);
        Session session = restored == null ? null : Session.parse(restored.getPrincipal());
        if (session == null) {
            return Uni.createFrom().nullItem();
        }
        cookies.save(restored.getPrincipal(), context, COOKIE, restored, config.secureCookies());
        return Uni.createFrom().item(session.identity());
    }

    /** Opens a session for a role (after the sign-in form or the identity provider's code flow). */
    public void open(RoutingContext context, String role, String name) {
        cookies.save(new Session(role, newToken(), name).encoded(), context, COOKIE, null, config.secureCookies());
    }

    /** Expires the cookie (same name, path and flags, or the browser keeps it). */
    public void close(RoutingContext context) {
        context.response().addCookie(cookie(COOKIE, "", 0));
    }

    /** A token for the sign-in form, kept in a short cookie: signing in needs both (login CSRF). */
    public String loginToken(RoutingContext context) {
        String token = newToken();
        context.response().addCookie(cookie(LOGIN_COOKIE, token, 900));
        return token;
    }

    /** A cookie of ours: /console only, HttpOnly, SameSite=Strict, Secure outside dev. */
    private Cookie cookie(String name, String value, long maxAgeSeconds) {
        return Cookie.cookie(name, value).setPath(PATH).setHttpOnly(true).setSecure(config.secureCookies())
                .setSameSite(CookieSameSite.STRICT).setMaxAge(maxAgeSeconds);
    }

    public boolean loginTokenMatches(RoutingContext context, String presented) {
        Cookie cookie = context.request().getCookie(LOGIN_COOKIE);
        return cookie != null && presented != null && Hashing.sameSecret(cookie.getValue(), presented);
    }

    /** True when the state-changing request carries the session's CSRF token. */
    public static boolean csrfMatches(SecurityIdentity identity, String presented) {
        String expected = identity.getAttribute(CSRF);
        return expected != null && presented != null && Hashing.sameSecret(expected, presented);
    }

    static String newToken() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The cookie's plain content: role, CSRF token and the name to show, separated by blanks. */
    record Session(String role, String csrf, String name) {

        String encoded() {
            return role + " " + csrf + " " + HexFormat.of().formatHex(name.getBytes(StandardCharsets.UTF_8));
        }

        static Session parse(String value) {
            String[] parts = value.split(" ", 3);
            if (parts.length != 3 || !(Roles.OPERATOR.equals(parts[0]) || Roles.READER.equals(parts[0]))) {
                return null;
            }
            return new Session(parts[0], parts[1],
                    new String(HexFormat.of().parseHex(parts[2]), StandardCharsets.UTF_8));
        }

        SecurityIdentity identity() {
            return QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(name)).addRole(role)
                    .addAttribute(CSRF, csrf).build();
        }
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        if (!context.normalizedPath().startsWith(PATH)) {
            return Uni.createFrom().nullItem();
        }
        return Uni.createFrom().item(new ChallengeData(303, "Location", PATH + "/login"));
    }

    /** Before the /api bearer mechanisms; it answers nothing outside /console. */
    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 200;
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of();
    }
}
