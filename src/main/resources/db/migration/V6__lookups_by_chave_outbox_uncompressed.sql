-- A process with a CNJ has the CNJ digits as its chave, so a lookup by CNJ uses the (chave, instancia) key and the
-- cnj index only cost every write (a tenth of a report page's store time); the number as the court formats it is
-- looked up only for processes without a CNJ, so only those are indexed by it.
drop index processo_cnj_idx;
drop index processo_numero_idx;
create index processo_numero_idx on processo (numero) where cnj is null;

-- An outbox payload lives until it is published and its retention ends; compressing it (pglz) took a good part of
-- a report page's store time for a few hundred bytes saved per row for that short while.
alter table outbox alter column payload set storage external;
