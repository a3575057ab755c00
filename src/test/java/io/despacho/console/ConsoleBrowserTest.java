package io.despacho.console;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.despacho.pipeline.WebhookCalls.digesto;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.net.URL;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.despacho.shared.Cnj;
import io.despacho.testing.Api;
import io.despacho.testing.Browser;
import io.despacho.testing.ProviderApis;
import io.despacho.testing.TestCnj;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The console in a real browser (headless Chromium), against the app with the real broker and database: a reader
 * finds the test's event by its CNJ and sees the party's CPF masked, an operator sees it whole and replays a dead
 * letter until it is processed. Screenshots of every page go to target/console-screenshots/.
 */
@QuarkusTest
@ExtendWith(Browser.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {

    static final Duration PATIENCE = Duration.ofSeconds(60);
    /** The sandbox process's defendant: CPF 035.675.336-06. */
    static final String CPF = "035.675.336-06";
    static final String CPF_MASKED = "***.675.336-**";
    static final String CPF_AS_NUMBER = "3567533606";

    static WebDriver browser;
    static final Cnj CNJ = TestCnj.next();
    static final long EVENT_ID = System.currentTimeMillis() * 1000 + 770_000_000L;
    static final long REPORT = System.currentTimeMillis() % 1_000_000_000L + 8_000_000_000L;
    static final long DEAD_EVENT_ID = REPORT + 1;

    @TestHTTPResource("/console")
    URL console;

    /** Not in a static @BeforeAll: the app (and RestAssured's port) is up only once the first test runs. */
    static void postEventsAndStartTheBrowser() throws Exception {
        ObjectNode process;
        try (InputStream in = ConsoleBrowserTest.class.getResourceAsStream("/sandbox/digesto-tribproc.json")) {
            process = (ObjectNode) new ObjectMapper().readTree(in);
        }
        process.put("numero", CNJ.formatted());
        digesto("[{\"id\": " + EVENT_ID + ", \"evt_type\": 13, \"data\": " + process + "}]").statusCode(202);
        // a report event whose metadata Digesto refuses: a dead letter for the operator to replay
        ProviderApis.server().stubFor(get(urlEqualTo("/digesto/api/virtual_report/" + REPORT))
                .willReturn(aResponse().withStatus(403)));
        digesto("[{\"id\": " + DEAD_EVENT_ID + ", \"evt_type\": 16, \"data\": {\"vr_id\": " + REPORT + "}}]")
                .statusCode(202);
        await().atMost(PATIENCE).until(() -> Api.asOperator().get("/api/processos/" + CNJ.digits()).then()
                .extract().statusCode() == 200);
        await().atMost(PATIENCE).until(() -> Api.asOperator().queryParam("provider", "digesto").queryParam("size", 500)
                .get("/api/dlq").then().extract().asString().contains("\"eventId\":\"" + DEAD_EVENT_ID + "\""));
        browser = Browser.start();
    }

    @AfterAll
    static void closeTheBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    @Order(1)
    void aReaderSignsInAndSeesTheOverview() throws Exception {
        postEventsAndStartTheBrowser();
        browser.get(console.toString());
        assertThat(browser.getCurrentUrl()).endsWith("/console/login");
        Browser.screenshot(browser, "01-sign-in");
        signIn(Api.READER_TOKEN);
        assertThat(browser.findElement(By.id("who")).getText()).contains("reader").contains("CPFs masked");
        WebElement digestoRow = browser.findElement(By.id("provider-digesto"));
        assertThat(Long.parseLong(digestoRow.findElement(By.className("received")).getText()))
                .isGreaterThanOrEqualTo(2);
        assertThat(digestoRow.findElements(By.cssSelector("svg.chart rect"))).hasSizeGreaterThan(1);
        // the figures refresh in place, without a reload
        await().atMost(Duration.ofSeconds(20)).until(() -> browser.findElement(By.id("stats"))
                .getAttribute("data-refreshed") != null);
        assertThat(browser.findElement(By.id("provider-digesto"))).isNotNull();
        Browser.screenshot(browser, "02-overview");
    }

    @Test
    @Order(2)
    void aReaderFindsTheEventByItsCnjAndSeesTheCpfMasked() {
        browser.findElement(By.linkText("Events")).click();
        browser.findElement(By.id("key")).sendKeys(CNJ.formatted());
        new Select(browser.findElement(By.id("provider"))).selectByValue("digesto");
        browser.findElement(By.id("search")).click();
        // the unfiltered list has event links too: read them only once the search's page is there
        await().atMost(Duration.ofSeconds(15)).until(() -> browser.getCurrentUrl().contains("provider=digesto"));
        List<WebElement> links = browser.findElements(By.className("event-link"));
        assertThat(links).extracting(WebElement::getText).containsExactly(Long.toString(EVENT_ID));
        Browser.screenshot(browser, "03-event-search");
        links.get(0).click();

        assertThat(browser.findElement(By.id("outcome")).getText()).isEqualTo("PROCESSED");
        String payload = browser.findElement(By.id("payload")).getText();
        // formatted, as 11 digits, and as the number Digesto's tuple carries (leading zero lost)
        assertThat(payload).contains(CPF_MASKED).doesNotContain(CPF).doesNotContain(CPF.replaceAll("\\D", ""))
                .doesNotContain(CPF_AS_NUMBER);
        assertThat(payload).contains(CNJ.formatted());
        List<WebElement> ceIds = browser.findElements(By.cssSelector("#downstream .ce-id"));
        assertThat(ceIds).isNotEmpty();
        assertThat(ceIds.get(0).getText()).matches("[0-9a-f]{64}|[0-9a-f-]{36}");
        assertThat(browser.getPageSource()).doesNotContain(CPF).doesNotContain(CPF_AS_NUMBER);
        Browser.screenshot(browser, "04-event");

        browser.findElements(By.className("record-link")).get(0).click();
        String record = browser.findElement(By.id("record")).getText();
        assertThat(record).contains(CPF_MASKED).doesNotContain(CPF);
        Browser.screenshot(browser, "05-record");
    }

    @Test
    @Order(3)
    void aReaderMayListDeadLettersButNotReplayThem() {
        browser.findElement(By.linkText("Dead letters")).click();
        assertThat(browser.findElement(By.id("dead-letters")).getText()).contains(Long.toString(DEAD_EVENT_ID));
        assertThat(browser.findElements(By.className("replay"))).isEmpty();
        assertThat(browser.findElements(By.id("replay-all"))).isEmpty();
        // forging the operator's form from the reader's own page: the role check refuses it
        assertThat(postFromThePage("/console/dead-letters/replay", "provider=digesto&csrf=" + pageCsrf()))
                .isEqualTo(403L);
        signOut();
    }

    @Test
    @Order(4)
    void anOperatorSeesTheCpfWholeAndReplaysTheDeadLetterUntilItIsProcessed() {
        browser.get(console + "/events/digesto/" + EVENT_ID);
        assertThat(browser.getCurrentUrl()).endsWith("/console/login");
        signIn(Api.OPERATOR_TOKEN);
        browser.get(console + "/events/digesto/" + EVENT_ID);
        assertThat(browser.findElement(By.id("payload")).getText()).contains(CPF).contains(CPF_AS_NUMBER);

        // the cause is fixed: Digesto now answers
        ProviderApis.server().stubFor(get(urlEqualTo("/digesto/api/virtual_report/" + REPORT))
                .willReturn(okJson("{\"name\": \"fixed\"}")));
        ProviderApis.server().stubFor(post(urlEqualTo("/digesto/api/virtual_report/" + REPORT + "/final"))
                .willReturn(okJson("{\"data\": {\"hits\": {\"total\": 0, \"hits\": []}}}")));
        browser.findElement(By.linkText("Dead letters")).click();
        new Select(browser.findElement(By.name("provider"))).selectByValue("digesto");
        browser.findElement(By.name("reason")).sendKeys("403");
        browser.findElement(By.cssSelector("#dead-letter-filter button")).click();
        await().atMost(Duration.ofSeconds(15)).until(() -> browser.getCurrentUrl().contains("reason=403"));
        WebElement row = browser.findElement(By.cssSelector("tr[data-event='" + DEAD_EVENT_ID + "']"));
        assertThat(row.findElement(By.className("reason")).getText()).contains("403");
        Browser.screenshot(browser, "06-dead-letters");
        // the operator's own session, but a request without the page's CSRF token (as another site would send it)
        assertThat(postFromThePage("/console/dead-letters/replay", "provider=digesto")).isEqualTo(403L);
        assertThat(postFromThePage("/console/dead-letters/replay", "provider=digesto&csrf=forged")).isEqualTo(403L);
        assertThat(browser.findElement(By.cssSelector("tr[data-event='" + DEAD_EVENT_ID + "'] .replayed")).getText())
                .as("nothing replayed by the refused requests").isBlank();
        row = browser.findElement(By.cssSelector("tr[data-event='" + DEAD_EVENT_ID + "']"));
        row.findElement(By.className("replay")).click();
        assertThat(browser.findElement(By.id("result")).getText()).contains("replayed");
        assertThat(browser.findElement(By.cssSelector("tr[data-event='" + DEAD_EVENT_ID + "'] .replayed")).getText())
                .isNotBlank();

        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> {
            browser.get(console + "/events/digesto/" + DEAD_EVENT_ID);
            return browser.findElement(By.id("outcome")).getText().equals("PROCESSED");
        });
        browser.get(console + "/relatorios");
        assertThat(browser.findElement(By.id("relatorios")).getText()).contains(Long.toString(REPORT));
        Browser.screenshot(browser, "07-reports");
    }

    @Test
    @Order(5)
    void theOtherListsOpen() {
        for (String page : new String[] { "consultas", "pedidos", "publicacoes" }) {
            browser.findElement(By.cssSelector("nav a[href='/console/" + page + "']")).click();
            assertThat(browser.findElement(By.id(page)).isDisplayed()).isTrue();
            Browser.screenshot(browser, "08-" + page);
        }
        signOut();
        browser.get(console.toString());
        assertThat(browser.getCurrentUrl()).endsWith("/console/login");
    }

    /** A form POST sent by script from the page the browser shows, with its cookies; the answer's status. */
    private static Object postFromThePage(String path, String form) {
        return ((JavascriptExecutor) browser).executeAsyncScript("const done = arguments[arguments.length - 1];"
                + " fetch(arguments[0], {method: 'POST', redirect: 'manual', credentials: 'same-origin',"
                + " headers: {'Content-Type': 'application/x-www-form-urlencoded'}, body: arguments[1]})"
                + ".then(r => done(r.status), e => done(String(e)));", path, form);
    }

    private static String pageCsrf() {
        return browser.findElement(By.cssSelector("input[name=csrf]")).getAttribute("value");
    }

    private void signIn(String token) {
        browser.findElement(By.id("token")).sendKeys(token);
        browser.findElement(By.id("sign-in")).click();
        arrivesAt("/console");
    }

    private void signOut() {
        browser.findElement(By.id("sign-out")).click();
        arrivesAt("/console/login");
    }

    /**
     * A click on a submit button may return before the browser has followed the answer: wait for the address (a
     * refused sign-in stays on the form, and the failure then shows the form's error).
     */
    private static void arrivesAt(String path) {
        try {
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                    .until(() -> browser.getCurrentUrl().endsWith(path));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            List<WebElement> error = browser.findElements(By.id("error"));
            throw new AssertionError("still at " + browser.getCurrentUrl() + ", expected " + path
                    + (error.isEmpty() ? "" : " — the page says: " + error.get(0).getText()), e);
        }
    }
}
