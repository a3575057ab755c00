package io.despacho.shared;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/** Where the instances of a deployment keep one provider login, so that they log in once between them. */
public interface TokenStore {

    record Stored(String token, Instant expiresAt) {
    }

    /** Runs the work while no other instance runs it for this provider (a login is single-flight). */
    <T> T exclusively(Supplier<T> work);

    Optional<Stored> read();

    void write(String token, Instant expiresAt);

    /** The provider refused this token: drop it, unless another instance has already replaced it. */
    void forget(String token);

    /** No sharing: this process alone (unit tests). */
    static TokenStore local() {
        return new TokenStore() {
            @Override
            public <T> T exclusively(Supplier<T> work) {
                return work.get();
            }

            @Override
            public Optional<Stored> read() {
                return Optional.empty();
            }

            @Override
            public void write(String token, Instant expiresAt) {
            }

            @Override
            public void forget(String token) {
            }
        };
    }
}
