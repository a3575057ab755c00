package io.despacho.anoreg.messaging;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.despacho.anoreg.client.AnoregClient;
import io.despacho.anoreg.mapping.PedidoMapper;
import io.despacho.pipeline.InboundRecord;
import io.despacho.pipeline.ReceivedEvents;
import io.despacho.pipeline.Provider;
import io.despacho.pedido.NormalizedPedido;
import io.despacho.pedido.PedidoStore;
import io.despacho.pipeline.Outcome;
import io.despacho.pipeline.ProviderPipeline;
import io.despacho.shared.Numbers;
import io.despacho.shared.ProviderException;
import io.despacho.shared.UnmappableException;

/**
 * What one Anoreg notification does: fetch the pedido and its andamentos (and, once the pedido is closed, its
 * certidões), normalize, store. The notification body only says which pedido changed; the API gives its state.
 */
@ApplicationScoped
public class AnoregEventProcessor implements ProviderPipeline {

    private final AnoregClient anoreg;
    private final ReceivedEvents receivedEvents;
    private final PedidoStore pedidos;
    private final ObjectMapper mapper;

    public AnoregEventProcessor(AnoregClient anoreg, ReceivedEvents receivedEvents, PedidoStore pedidos,
            ObjectMapper mapper) {
        this.anoreg = anoreg;
        this.receivedEvents = receivedEvents;
        this.pedidos = pedidos;
        this.mapper = mapper;
    }

    @Override
    public Provider provider() {
        return Provider.ANOREG;
    }

    @Override
    public int providerAttempts() {
        return AnoregClient.MAX_ATTEMPTS;
    }

    /** The raw payload keeps the three answers: {"pedido": ..., "andamentos": ..., "certidoes": ...}. */
    @Override
    public Optional<NormalizedPedido> remapPedido(JsonNode raw) {
        return Optional.of(PedidoMapper.map(raw.get("pedido"), raw.get("andamentos"), raw.get("certidoes")));
    }

    @Override
    public Outcome process(InboundRecord record) {
        if (!record.key().matches("\\d{1,18}")) {
            throw new UnmappableException("the record key is not a pedido id");
        }
        if (alreadyHandled(record)) {
            return Outcome.nothing();
        }
        long id = Long.parseLong(record.key());
        Instant fetchedAt = Instant.now();
        JsonNode pedido = anoreg.pedido(id);
        ObjectNode raw = mapper.createObjectNode();
        ObjectNode missing = mapper.createObjectNode();
        JsonNode andamentos = orMissing("andamentos", () -> anoreg.andamentos(id), missing);
        NormalizedPedido draft = PedidoMapper.map(pedido, andamentos, null);
        // certidões only exist once a pedido is closed: asking earlier would spend the 30-per-minute budget for nothing
        JsonNode certidoes = "ENCERRADO".equals(draft.status())
                ? orMissing("certidoes", () -> anoreg.certidoes(id), missing) : null;
        raw.set("pedido", pedido);
        raw.set("andamentos", andamentos);
        raw.set("certidoes", certidoes);
        if (!missing.isEmpty()) {
            raw.set("missing", missing);
        }
        String note = missing.isEmpty() ? null : "stored without " + String.join(", ", iterable(missing.fieldNames()))
                + " (the API answered 404)";
        return store(record, PedidoMapper.map(pedido, andamentos, certidoes), fetchedAt, Numbers.sanitized(raw).toString(), note);
    }

    /**
     * A pedido's andamentos or certidões that the API does not have (404) leave the pedido stored with what was
     * fetched, the gap recorded in its raw payload ({@code missing}) and its received_event, instead of sending the
     * whole pedido to the DLQ. Any other failure still fails the event.
     */
    private static JsonNode orMissing(String part, Supplier<JsonNode> call, ObjectNode missing) {
        try {
            return call.get();
        } catch (ProviderException e) {
            if (e.status() != 404) {
                throw e;
            }
            missing.put(part, "HTTP 404");
            return null;
        }
    }

    private static Iterable<String> iterable(java.util.Iterator<String> names) {
        return () -> names;
    }

    @Transactional
    boolean alreadyHandled(InboundRecord record) {
        return receivedEvents.alreadyHandled(Provider.ANOREG, record);
    }

    @Transactional
    Outcome store(InboundRecord record, NormalizedPedido pedido, Instant fetchedAt, String raw, String note) {
        OptionalLong outboxId = pedidos.save(pedido, fetchedAt, raw);
        receivedEvents.mark(Provider.ANOREG, record, outboxId.isPresent() ? ReceivedEvents.Status.PROCESSED
                : ReceivedEvents.Status.IGNORED, outboxId.isPresent() ? note : "not newer than the stored pedido");
        return outboxId.isPresent() ? Outcome.published(List.of(outboxId.getAsLong())) : Outcome.nothing();
    }
}
