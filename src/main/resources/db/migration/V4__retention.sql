-- Retention (io.despacho.retention): a received event keeps its row (idempotency, audit) after its raw payload is
-- purged; partial indexes let each purge batch find its oldest rows without scanning the table.
alter table received_event alter column payload drop not null;
create index received_event_payload_age_idx on received_event (received_at) where payload is not null;
create index outbox_published_age_idx on outbox (published_at) where published_at is not null;
create index dead_letter_age_idx on dead_letter ((coalesce(replayed_at, failed_at)));
