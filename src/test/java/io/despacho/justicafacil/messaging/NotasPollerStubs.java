package io.despacho.justicafacil.messaging;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

/** Justiça Fácil as documented: notas stay in /notas/novas/ until marca_lidas takes them. */
public final class NotasPollerStubs {

    public static final String NOVAS = "/justicafacil/notas/novas/";
    public static final String MARK = "/justicafacil/notas/novas/marca_lidas/";

    private NotasPollerStubs() {
    }

    /** GET /notas/novas/ answers these notas until marca_lidas (answering 200) moves the scenario on. */
    public static void unreadUntilMarked(WireMockServer api, String scenario, String xml) {
        api.stubFor(get(urlEqualTo(NOVAS)).inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(xml(xml)));
        api.stubFor(get(urlEqualTo(NOVAS)).inScenario(scenario).whenScenarioStateIs("read")
                .willReturn(xml("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<root>\n</root>")));
        api.stubFor(post(urlEqualTo(MARK)).inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("read").willReturn(aResponse().withStatus(200)));
    }

    public static ResponseDefinitionBuilder xml(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/xml; charset=utf-8")
                .withBody(body);
    }

    /** The paged listing of GET /notas/: pairs of (id, cnj text) under root/notas, after the paginacao block. */
    public static String listing(Object... idsAndCnjs) {
        String items = notas(idsAndCnjs).replaceFirst("(?s)^.*?<root>\n", "").replace("</root>", "");
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<root><paginacao><pagina_atual>1</pagina_atual>"
                + "<itens-por-pagina>100</itens-por-pagina><itens>" + idsAndCnjs.length / 2 + "</itens></paginacao>"
                + "<notas>\n" + items + "</notas></root>";
    }

    /** Pairs of (id, cnj text), in the documented shape. */
    public static String notas(Object... idsAndCnjs) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<root>\n");
        for (int i = 0; i < idsAndCnjs.length; i += 2) {
            xml.append("<list-item><id>").append(idsAndCnjs[i]).append("</id><texto>Intimação das partes. Réu: FULANO DE TAL, CPF 123.456.789-09.</texto>")
                    .append("<cnj>").append(idsAndCnjs[i + 1]).append("</cnj><jornal>Diário de Justiça</jornal>")
                    .append("<disponibilizacao>2026-11-27T10:00:00.000001Z</disponibilizacao>")
                    .append("<publicacao>2026-11-28T10:00:00.000001Z</publicacao><vara>1ª Vara Cível</vara>")
                    .append("<numero>123.456.79</numero><nome>1</nome><escritorio>1</escritorio></list-item>\n");
        }
        return xml.append("</root>").toString();
    }
}
