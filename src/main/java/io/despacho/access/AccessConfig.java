package io.despacho.access;

import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Who may call /api: a role whose token is unset cannot log in (OIDC, when configured, is the other way in). */
@ConfigMapping(prefix = "despacho.access")
public interface AccessConfig {

    /** Bearer token of the reader role (DESPACHO_READER_TOKEN): every GET /api read, CPFs masked. */
    Optional<String> readerToken();

    /** Bearer token of the operator role (DESPACHO_OPERATOR_TOKEN): reads with whole CPFs, and the actions. */
    Optional<String> operatorToken();

    /** Largest /api request body (DESPACHO_API_MAX_BODY_SIZE); 2 MiB holds 40,000 CNJs. */
    @WithDefault("2M")
    MemorySize maxBodySize();
}
