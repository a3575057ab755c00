package io.despacho.justicafacil.messaging;

import java.util.List;
import java.util.OptionalLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.despacho.pipeline.InboundRecord;
import io.despacho.pipeline.Outcome;
import io.despacho.pipeline.ProviderPipeline;
import io.despacho.pipeline.ReceivedEvents;
import io.despacho.pipeline.Provider;
import io.despacho.justicafacil.mapping.PublicacaoMapper;
import io.despacho.publicacao.PublicacaoStore;

/** One nota from despacho.inbound.justicafacil → a stored publication and its record (once per nota id). */
@ApplicationScoped
public class NotaProcessor implements ProviderPipeline {

    private final ObjectMapper mapper;
    private final ReceivedEvents receivedEvents;
    private final PublicacaoStore publicacoes;

    public NotaProcessor(ObjectMapper mapper, ReceivedEvents receivedEvents, PublicacaoStore publicacoes) {
        this.mapper = mapper;
        this.receivedEvents = receivedEvents;
        this.publicacoes = publicacoes;
    }

    @Override
    public Provider provider() {
        return Provider.JUSTICAFACIL;
    }

    @Override
    public int providerAttempts() {
        return 1; // no provider call: the nota is the whole event
    }

    @Override
    @Transactional
    public Outcome process(InboundRecord record) {
        if (receivedEvents.alreadyHandled(Provider.JUSTICAFACIL, record)) {
            return Outcome.nothing();
        }
        OptionalLong outboxId = publicacoes.save(PublicacaoMapper.map(record.jsonObject(mapper)), record.payload());
        receivedEvents.mark(Provider.JUSTICAFACIL, record, outboxId.isPresent() ? ReceivedEvents.Status.PROCESSED
                : ReceivedEvents.Status.IGNORED, outboxId.isPresent() ? null : "nota already stored");
        return outboxId.isPresent() ? Outcome.published(List.of(outboxId.getAsLong())) : Outcome.nothing();
    }
}
