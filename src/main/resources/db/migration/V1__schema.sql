-- Despacho schema. Rules it serves (see DESIGN.md):
--  * idempotent: every provider event is recorded once, keyed by (provider, event_id);
--  * stale-safe: each normalized row keeps the provider's own update time (source_updated_at), and upserts only
--    win when theirs is newer;
--  * replayable: the raw provider payload sits next to the normalized rows.

-- Every event taken from an inbound topic, with its raw payload and what became of it.
create table received_event (
    provider        varchar(32)  not null,
    event_id        varchar(128) not null,
    event_type      varchar(32)  not null,
    record_key      varchar(64)  not null,
    received_at     timestamptz  not null,
    processed_at    timestamptz,
    status          varchar(16)  not null default 'RECEIVED'
                    check (status in ('RECEIVED', 'PROCESSED', 'IGNORED', 'DEAD_LETTERED')),
    attempts        integer      not null default 0,
    last_error      text,
    payload         jsonb        not null,
    primary key (provider, event_id)
);
create index received_event_key_idx on received_event (provider, record_key);

-- Normalized process, one per CNJ and instance. "record" is the published JSON (DESIGN.md contract).
create table processo (
    id                 bigserial    primary key,
    cnj                varchar(20)  not null,
    instancia          smallint     not null default 1,
    tribunal           varchar(32),
    uf                 varchar(2),
    classe             text,
    area               text,
    assunto            text,
    comarca            text,
    foro               text,
    vara               text,
    juiz               text,
    valor_causa        numeric(20, 2),
    distribuido_em     date,
    situacao           text,
    arquivado          boolean      not null default false,
    extinto            boolean      not null default false,
    segredo_justica    boolean      not null default false,
    fonte_provedor     varchar(32)  not null,
    fonte_id           varchar(64),
    source_updated_at  timestamptz  not null,
    content_hash       varchar(64)  not null,
    record             json         not null,  -- json, not jsonb: served byte for byte as published
    raw                jsonb        not null,
    created_at         timestamptz  not null default now(),
    updated_at         timestamptz  not null default now(),
    unique (cnj, instancia)
);

create table processo_parte (
    processo_id     bigint       not null references processo (id) on delete cascade,
    ordem           integer      not null,
    nome            text         not null,
    documento       varchar(14),
    tipo_documento  varchar(4)   check (tipo_documento in ('CPF', 'CNPJ')),
    polo            varchar(8)   not null check (polo in ('ATIVO', 'PASSIVO', 'NEUTRO')),
    papel           text,
    primary key (processo_id, ordem)
);
create index processo_parte_documento_idx on processo_parte (documento) where documento is not null;

create table processo_advogado (
    processo_id  bigint      not null,
    parte_ordem  integer     not null,
    ordem        integer     not null,
    nome         text        not null,
    oab          varchar(16),
    uf           varchar(2),
    primary key (processo_id, parte_ordem, ordem),
    foreign key (processo_id, parte_ordem) references processo_parte (processo_id, ordem) on delete cascade
);

create table processo_movimentacao (
    processo_id  bigint       not null references processo (id) on delete cascade,
    id           varchar(64)  not null,
    data         date,
    titulo       text,
    texto        text,
    juiz         text,
    primary key (processo_id, id)
);

create table processo_anexo (
    processo_id   bigint       not null references processo (id) on delete cascade,
    id            varchar(64)  not null,
    url           text,
    tipo          varchar(32),
    publicado_em  timestamp,
    primary key (processo_id, id)
);

-- Digesto virtual reports (evt_type 15/16) and the processes they list.
create table relatorio (
    id                 bigint       primary key,
    status             varchar(16)  not null check (status in ('PREVIEW', 'FINISHED')),
    total_processos    integer      not null default 0,
    metadata           jsonb,
    source_updated_at  timestamptz  not null,
    created_at         timestamptz  not null default now(),
    updated_at         timestamptz  not null default now()
);

create table relatorio_processo (
    relatorio_id  bigint       not null references relatorio (id) on delete cascade,
    cnj           varchar(20)  not null,
    instancia     smallint     not null default 1,
    primary key (relatorio_id, cnj, instancia)
);

-- Anoreg/MT pedidos and their andamentos.
create table pedido (
    id                 bigint       primary key,
    protocolo          text,
    status             text,
    tipo               text,
    cns                varchar(16),
    descricao          text,
    source_updated_at  timestamptz  not null,
    content_hash       varchar(64)  not null,
    record             json         not null,
    raw                jsonb        not null,
    created_at         timestamptz  not null default now(),
    updated_at         timestamptz  not null default now()
);
create index pedido_status_idx on pedido (status);

create table pedido_andamento (
    pedido_id  bigint       not null references pedido (id) on delete cascade,
    id         varchar(64)  not null,
    data       timestamptz,
    descricao  text,
    raw        jsonb        not null,
    primary key (pedido_id, id)
);

-- Records to publish downstream, written in the same transaction as the rows they describe (transactional outbox):
-- a crash between the database commit and the Kafka send cannot lose a record.
create table outbox (
    id            bigserial    primary key,
    topic         varchar(128) not null,
    record_key    varchar(64)  not null,
    event_id      varchar(128) not null,
    event_type    varchar(128) not null,
    payload       json         not null,
    created_at    timestamptz  not null default now(),
    published_at  timestamptz
);
create index outbox_unpublished_idx on outbox (id) where published_at is null;

-- Events that could not be processed, with their reason, for operators to inspect and replay.
create table dead_letter (
    id           bigserial    primary key,
    provider     varchar(32)  not null,
    event_id     varchar(128) not null,
    record_key   varchar(64),
    reason       text         not null,
    attempts     integer      not null,
    payload      jsonb        not null,
    failed_at    timestamptz  not null default now(),
    replayed_at  timestamptz
);
create index dead_letter_provider_idx on dead_letter (provider, failed_at desc);
