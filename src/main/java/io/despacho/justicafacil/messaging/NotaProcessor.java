package io.despacho.justicafacil.messaging;

import java.util.List;
import java.util.OptionalLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.despacho.inbound.InboundRecord;
import io.despacho.inbound.ReceivedEvents;
import io.despacho.ingress.Provider;
import io.despacho.justicafacil.mapping.PublicacaoMapper;
import io.despacho.publicacao.PublicacaoStore;

/** One nota from despacho.inbound.justicafacil → a stored publication and its record (once per nota id). */
@ApplicationScoped
public class NotaProcessor {

    private final ObjectMapper mapper;
    private final ReceivedEvents receivedEvents;
    private final PublicacaoStore publicacoes;

    public NotaProcessor(ObjectMapper mapper, ReceivedEvents receivedEvents, PublicacaoStore publicacoes) {
        this.mapper = mapper;
        this.receivedEvents = receivedEvents;
        this.publicacoes = publicacoes;
    }

    @Transactional
    public List<Long> process(InboundRecord record) {
        if (receivedEvents.alreadyHandled(Provider.JUSTICAFACIL, record)) {
            return List.of();
        }
        OptionalLong outboxId = publicacoes.save(PublicacaoMapper.map(record.jsonObject(mapper)), record.payload());
        receivedEvents.mark(Provider.JUSTICAFACIL, record, outboxId.isPresent() ? ReceivedEvents.Status.PROCESSED
                : ReceivedEvents.Status.IGNORED, outboxId.isPresent() ? null : "nota already stored");
        return outboxId.isPresent() ? List.of(outboxId.getAsLong()) : List.of();
    }
}
