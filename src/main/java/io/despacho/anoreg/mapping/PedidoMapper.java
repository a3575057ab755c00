package io.despacho.anoreg.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import io.despacho.pedido.NormalizedPedido;
import io.despacho.shared.Documents;
import io.despacho.shared.Hashing;
import io.despacho.shared.Json;
import io.despacho.shared.UnmappableException;

/**
 * Maps Anoreg/MT answers (GET /distribuicao/api/v2/pedidos/{id} and its andamentos and certidões) to the normalized
 * pedido. The documentation gives request fields but no response body, so each value is read from the names its
 * request counterpart and common variants use, bare or wrapped in {"data": ...}; the raw answers are kept anyway.
 */
public final class PedidoMapper {

    private PedidoMapper() {
    }

    public static NormalizedPedido map(JsonNode pedidoAnswer, JsonNode andamentosAnswer, JsonNode certidoesAnswer) {
        JsonNode pedido = unwrap(pedidoAnswer);
        if (pedido == null || !pedido.isObject()) {
            throw new UnmappableException("the pedido answer is not an object");
        }
        long id = Long.parseLong(Json.positiveInteger(first(pedido, "id", "pedido_id"))
                .orElseThrow(() -> new UnmappableException("the pedido answer has no id")));
        JsonNode inner = pedido.path("pedido").isObject() ? pedido.get("pedido") : pedido;
        return new NormalizedPedido(
                id,
                Json.text(first(pedido, "protocolo", "numero_protocolo", "protocolo_numero")),
                upper(Json.text(first(pedido, "status", "situacao"))),
                Json.text(first(inner, "tipo_pedido", "tipo", "tipo_pedido_certidao")),
                Json.text(first(pedido, "cns", "serventia_cns", "cartorio_cns")),
                Json.text(first(pedido, "cartorio", "serventia", "cartorio_nome", "serventia_nome")),
                Json.text(first(inner, "descricao")),
                Json.amount(first(pedido, "valor", "valor_total", "valor_orcamento"), "anoreg.valor"),
                Json.text(first(pedido, "created_at", "criado_em", "data_criacao")),
                Json.text(first(pedido, "updated_at", "atualizado_em", "data_atualizacao")),
                list(first(pedido, "partes", "envolvidos"), PedidoMapper::parte),
                list(unwrap(andamentosAnswer), PedidoMapper::andamento),
                list(unwrap(certidoesAnswer), PedidoMapper::certidao),
                list(first(inner, "anexos"), a -> new NormalizedPedido.Anexo(Json.text(first(a, "titulo", "nome")),
                        Json.text(first(a, "url", "link")))),
                new NormalizedPedido.Fonte("ANOREG_MT", Long.toString(id)),
                // the sender's own note sits beside cns and pedido in the documented request, not inside pedido
                Json.text(first(pedido, "observacao_remetente")) != null
                        ? Json.text(first(pedido, "observacao_remetente"))
                        : Json.text(first(inner, "observacao_remetente")));
    }

    static NormalizedPedido.Parte parte(JsonNode p) {
        String documento = Documents.digits(Json.text(first(p, "cpf_cnpj", "cpfCnpj", "documento", "cpf", "cnpj")));
        return new NormalizedPedido.Parte(Json.text(first(p, "nome", "razao_social")), documento,
                Documents.type(documento));
    }

    static NormalizedPedido.Andamento andamento(JsonNode a) {
        String data = Json.text(first(a, "created_at", "data", "data_hora"));
        String descricao = Json.text(first(a, "descricao", "andamento", "mensagem", "titulo"));
        String id = Json.text(first(a, "id", "andamento_id"));
        // an andamento without an id still needs a stable one, or a repeated webhook would duplicate it
        return new NormalizedPedido.Andamento(id != null ? id : "h" + Hashing.sha256Hex(data + "|" + descricao)
                .substring(0, 15), data, descricao, Json.text(first(a, "fase", "etapa")));
    }

    static NormalizedPedido.Certidao certidao(JsonNode c) {
        return new NormalizedPedido.Certidao(Json.text(first(c, "id", "certidao_id")),
                Json.text(first(c, "tipo", "nome")), upper(Json.text(first(c, "status", "situacao"))), Json.text(first(c, "url", "link", "arquivo")),
                Json.text(first(c, "emitida_em", "created_at", "data")));
    }

    /** Bare or {"data": ...}. */
    static JsonNode unwrap(JsonNode answer) {
        if (answer != null && answer.isObject() && answer.has("data")
                && (answer.get("data").isObject() || answer.get("data").isArray())) {
            return answer.get("data");
        }
        return answer;
    }

    static JsonNode first(JsonNode node, String... names) {
        if (node == null || !node.isObject()) {
            return null;
        }
        for (String name : names) {
            JsonNode value = node.get(name);
            if (value != null && !value.isNull()) {
                return value;
            }
        }
        return null;
    }

    static <T> List<T> list(JsonNode array, Function<JsonNode, T> mapper) {
        if (array == null || !array.isArray()) {
            return List.of();
        }
        List<T> out = new ArrayList<>();
        array.forEach(item -> {
            if (item.isObject()) {
                out.add(mapper.apply(item));
            }
        });
        return List.copyOf(out);
    }

    static String upper(String value) {
        return value == null ? null : value.trim().toUpperCase(java.util.Locale.ROOT);
    }
}
