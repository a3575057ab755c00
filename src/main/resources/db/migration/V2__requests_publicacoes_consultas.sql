-- What Despacho asks of the providers on a user's behalf, and the Justiça Fácil publications.

-- On-demand court updates asked of Digesto (POST /api/processos/{cnj}/atualizar). Digesto echoes our id in the
-- source_user_custom of the evt 13 that answers, which completes the row.
create table atualizacao (
    id             uuid         primary key,
    cnj            varchar(20)  not null,
    status         varchar(16)  not null check (status in ('SOLICITADA', 'CONCLUIDA', 'FALHOU')),
    detalhe        text,
    evento_id      varchar(128),
    solicitada_em  timestamptz  not null default now(),
    concluida_em   timestamptz
);
create index atualizacao_cnj_idx on atualizacao (cnj);

-- Virtual reports created through POST /api/relatorios (id = Digesto's vr_id), followed until their 15/16 events.
create table relatorio_solicitado (
    id             bigint       primary key,
    total_cnjs     integer      not null,
    cnjs           jsonb        not null,
    status         varchar(16)  not null check (status in ('CRIADO', 'ENCOMENDADO', 'PREVIA', 'CONCLUIDO')),
    detalhe        text,
    solicitado_em  timestamptz  not null default now(),
    encomendado_em timestamptz,
    previa_em      timestamptz,
    concluido_em   timestamptz
);

-- Justiça Fácil notas (publications in the official journals), one per nota id. "record" is the published JSON.
create table publicacao (
    id                  varchar(64)  primary key,
    cnj                 varchar(20),
    texto               text         not null,
    jornal              text,
    disponibilizada_em  timestamptz,
    publicada_em        timestamptz,
    vara                text,
    numero              text,
    nome_id             bigint,
    escritorio_id       bigint,
    raw                 jsonb        not null,
    record              json         not null,
    created_at          timestamptz  not null default now(),
    updated_at          timestamptz  not null default now()
);
create index publicacao_cnj_idx on publicacao (cnj);

-- Judit consultas por documento (POST /api/consultas) and the processes each found.
create table consulta (
    id               uuid         primary key,
    tipo             varchar(8)   not null check (tipo in ('CPF', 'CNPJ', 'OAB')),
    documento        varchar(32)  not null,
    status           varchar(16)  not null check (status in ('CRIADA', 'PENDENTE', 'CONCLUIDA', 'FALHOU')),
    request_id       varchar(64)  unique,
    detalhe          text,
    total_processos  integer,
    criada_em        timestamptz  not null default now(),
    concluida_em     timestamptz
);
create index consulta_pendente_idx on consulta (status) where status = 'PENDENTE';

create table consulta_processo (
    consulta_id  uuid         not null references consulta (id) on delete cascade,
    cnj          varchar(20)  not null,
    instancia    smallint     not null default 1,
    primary key (consulta_id, cnj, instancia)
);
