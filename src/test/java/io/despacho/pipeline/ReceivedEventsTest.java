package io.despacho.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;
import jakarta.transaction.UserTransaction;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The idempotency check: a redelivered event that already has its outcome is answered by a plain read (its
 * transaction takes no lock and writes nothing); one without an outcome yet is locked while it is handled.
 */
@QuarkusTest
class ReceivedEventsTest {

    @Inject
    ReceivedEvents receivedEvents;

    @Inject
    DataSource dataSource;

    @Inject
    UserTransaction tx;

    @Inject
    TransactionManager transactions;

    @Test
    void aRedeliveryOfAHandledEventTakesNoLockAndWritesNothing() throws Exception {
        InboundRecord record = record();
        tx.begin();
        assertThat(receivedEvents.alreadyHandled(Provider.DIGESTO, record)).isFalse();
        receivedEvents.mark(Provider.DIGESTO, record, ReceivedEvents.Status.PROCESSED, null);
        tx.commit();

        for (boolean viaIsHandled : new boolean[] { false, true }) {
            tx.begin();
            try {
                assertThat(viaIsHandled ? receivedEvents.isHandled(Provider.DIGESTO, record)
                        : receivedEvents.alreadyHandled(Provider.DIGESTO, record)).isTrue();
                assertThat(transactionId()).as("no write, so no transaction id").isNull();
                assertThat(lockedElsewhere(record)).as("the row is not locked").isFalse();
            } finally {
                tx.rollback();
            }
        }
    }

    @Test
    void anEventWithoutAnOutcomeYetIsLockedWhileItIsHandled() throws Exception {
        InboundRecord record = record();
        tx.begin();
        assertThat(receivedEvents.alreadyHandled(Provider.DIGESTO, record)).isFalse(); // recorded as RECEIVED
        tx.commit();

        for (boolean viaIsHandled : new boolean[] { false, true }) {
            tx.begin();
            try {
                assertThat(viaIsHandled ? receivedEvents.isHandled(Provider.DIGESTO, record)
                        : receivedEvents.alreadyHandled(Provider.DIGESTO, record)).isFalse();
                assertThat(lockedElsewhere(record)).as("a concurrent delivery waits for this one").isTrue();
            } finally {
                tx.rollback();
            }
        }
    }

    static InboundRecord record() {
        String id = "received-" + UUID.randomUUID();
        return new InboundRecord(id, "7", id, Instant.now(), "{\"id\": \"" + id + "\", \"evt_type\": 7}",
                Provider.DIGESTO.inboundTopic(), 0, 0);
    }

    /** The transaction's id in PostgreSQL, assigned only once it writes (a row lock counts), or null. */
    String transactionId() throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select txid_current_if_assigned()::text"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Whether another connection, outside the transaction, finds the event's row locked. */
    boolean lockedElsewhere(InboundRecord record) throws Exception {
        Transaction ours = transactions.suspend();
        try (Connection c = dataSource.getConnection()) {
            return locked(c, record);
        } finally {
            transactions.resume(ours);
        }
    }

    private static boolean locked(Connection c, InboundRecord record) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("select event_id from received_event where provider = ?"
                + " and event_id = ? for update skip locked")) {
            ps.setString(1, Provider.DIGESTO.id());
            ps.setString(2, record.eventId());
            try (ResultSet rs = ps.executeQuery()) {
                return !rs.next(); // skipped: another transaction holds its lock
            }
        }
    }
}
