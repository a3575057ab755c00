-- What every instance of the deployment shares about a provider account (io.despacho.shared.SharedBudget,
-- io.despacho.anoreg.client.AnoregTokens): its request budget and its login token.
create table provider_budget (
    budget        varchar(32)  primary key,
    paused_until  timestamptz                 -- a 429's Retry-After, for everyone
);
-- one row per request in the budget's window: in flight (done_at null) or answered within the last window
create table provider_budget_slot (
    id        bigserial    primary key,
    budget    varchar(32)  not null,
    taken_at  timestamptz  not null,
    done_at   timestamptz
);
create index provider_budget_slot_budget_idx on provider_budget_slot (budget, done_at);
-- the provider's current login, AES-GCM encrypted with a key derived from the account's API secret
create table provider_token (
    provider    varchar(32)  primary key,
    token       bytea        not null,
    token_hash  varchar(64)  not null,       -- to drop it when the provider refuses it
    expires_at  timestamptz  not null
);
-- when each scheduled job last started anywhere (io.despacho.shared.ClusterLocks): once per interval, whatever
-- the number of pods
create table cluster_job (
    job          varchar(64)  primary key,
    last_run_at  timestamptz  not null
);
