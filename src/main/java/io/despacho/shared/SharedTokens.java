package io.despacho.shared;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

import org.jboss.logging.Logger;

/**
 * A provider login kept in PostgreSQL for every instance: encrypted at rest (AES-GCM, the key derived from the
 * account's own API secret, which every instance has and the database does not), found by the hash of the token
 * when refused, and renewed under a session advisory lock so that one instance logs in while the others wait and
 * then use its token. A token that no longer decrypts (the secret was rotated) counts as none.
 */
public class SharedTokens implements TokenStore {

    private static final Logger LOG = Logger.getLogger(SharedTokens.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int IV_BYTES = 12;

    private final DataSource dataSource;
    private final String provider;
    private final SecretKeySpec key;

    public SharedTokens(DataSource dataSource, String provider, String accountSecret) {
        this.dataSource = dataSource;
        this.provider = provider;
        this.key = new SecretKeySpec(Hashing.sha256(("despacho token key\0" + provider + "\0" + accountSecret)
                .getBytes(StandardCharsets.UTF_8)), "AES");
    }

    @Override
    public <T> T exclusively(Supplier<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            Sql.sessionLock(connection, "token:" + provider, true);
            try {
                return work.get();
            } finally {
                Sql.sessionUnlock(connection, "token:" + provider);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(provider + " token lock: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Stored> read() {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection
                .prepareStatement("select token, expires_at from provider_token where provider = ?")) {
            statement.setString(1, provider);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                Instant expiresAt = row.getTimestamp(2).toInstant();
                return decrypt(row.getBytes(1)).map(token -> new Stored(token, expiresAt));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(provider + " token read: " + e.getMessage(), e);
        }
    }

    @Override
    public void write(String token, Instant expiresAt) {
        Sql.update(dataSource, "insert into provider_token (provider, token, token_hash, expires_at) values (?, ?, ?, ?)"
                + " on conflict (provider) do update set token = excluded.token, token_hash = excluded.token_hash,"
                + " expires_at = excluded.expires_at", provider, encrypt(token), Hashing.sha256Hex(token),
                Timestamp.from(expiresAt));
    }

    @Override
    public void forget(String token) {
        Sql.update(dataSource, "delete from provider_token where provider = ? and token_hash = ?", provider,
                Hashing.sha256Hex(token));
    }

    byte[] encrypt(String token) {
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            byte[] sealed = cipher.doFinal(token.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JRE", e);
        }
    }

    Optional<String> decrypt(byte[] stored) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, stored, 0, IV_BYTES));
            return Optional.of(new String(cipher.doFinal(stored, IV_BYTES, stored.length - IV_BYTES),
                    StandardCharsets.UTF_8));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            LOG.warnf("the stored %s token does not decrypt with this instance's secret: logging in again", provider);
            return Optional.empty();
        }
    }
}
