-- Processes numbered before the CNJ scheme (Resolução 65/2008) are first-class: a process is identified by its CNJ
-- when it has a valid one, else by (tribunal, the number as the court formats it). "chave" holds that identity as
-- the downstream key: the CNJ digits, or "<tribunal>:<numero>".
alter table processo add column numero text, add column chave varchar(300);
update processo set numero = coalesce(record ->> 'cnj', cnj), chave = cnj;
-- the published record gains "numero" (jsonb reorders the keys; the content is the same)
update processo set record = (jsonb_build_object('numero', numero) || record::jsonb)::json
 where record ->> 'numero' is null;
alter table processo alter column numero set not null, alter column chave set not null,
    alter column cnj drop not null;
alter table processo drop constraint processo_cnj_instancia_key;
alter table processo add constraint processo_chave_instancia_key unique (chave, instancia);
create index processo_cnj_idx on processo (cnj) where cnj is not null;
create index processo_numero_idx on processo (numero);

-- reports and consultas link processes by that identity
alter table relatorio_processo rename column cnj to processo_chave;
alter table relatorio_processo alter column processo_chave type varchar(300);
alter table consulta_processo rename column cnj to processo_chave;
alter table consulta_processo alter column processo_chave type varchar(300);

-- keys of non-CNJ processes are longer than 64 characters at times
alter table outbox alter column record_key type varchar(300);
alter table received_event alter column record_key type varchar(300);
alter table dead_letter alter column record_key type varchar(300);

-- a downstream record Kafka refused (too large for its topic) is set aside with its reason instead of blocking the
-- sweep; it is listed with the dead letters (provider 'downstream') and put back in line by replaying that one
alter table outbox add column failed_at timestamptz, add column failure text;
drop index outbox_unpublished_idx;
create index outbox_unpublished_idx on outbox (id) where published_at is null and failed_at is null;

-- the instances a requested report covers (bill_start_update's "instancias"; empty = Digesto's default, the 1st)
alter table relatorio_solicitado add column instancias jsonb not null default '[]'::jsonb;
