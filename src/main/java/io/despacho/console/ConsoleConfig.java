package io.despacho.console;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The operator console at /console (DESPACHO_CONSOLE_*). */
@ConfigMapping(prefix = "despacho.console")
public interface ConsoleConfig {

    /** Served at all (DESPACHO_CONSOLE_ENABLED): on in dev and test, off in prod unless asked for. */
    @WithDefault("false")
    boolean enabled();

    /**
     * Key of the session cookie's encryption (DESPACHO_CONSOLE_SESSION_KEY, 16+ characters). Unset: derived from the
     * role tokens, so every pod reads every pod's sessions and rotating a token ends the sessions it opened.
     */
    Optional<String> sessionKey();

    /** A session ends after this long without a request (it is renewed while in use). */
    @WithDefault("30M")
    Duration sessionTimeout();

    /** Secure cookies (HTTPS only); off in dev mode, where the console is served over plain http://localhost. */
    @WithDefault("true")
    boolean secureCookies();

    /** Sign-in through the identity provider's code flow at /console/sso; set by io.despacho.access.OidcSwitch. */
    @WithDefault("false")
    boolean oidcSignIn();
}
