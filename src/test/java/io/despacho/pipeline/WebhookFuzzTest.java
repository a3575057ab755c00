package io.despacho.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.despacho.testing.LogCapture;
import io.despacho.testing.TestCnj;
import io.despacho.testing.Topics;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Generated malformed and hostile requests, at least 200 per endpoint (seeded, so a failure can be replayed): broken
 * and truncated JSON, wrong types, huge numbers, deep nesting, huge strings, invalid CNJs, wrong encodings, missing
 * and duplicate fields, and query-string tricks on the token around an otherwise valid body. Every one must be a 4xx
 * with a problem body; none may publish anything or log a secret or a full CPF. (Bodies over the size limit are
 * WebhookLimitsTest's: they need a raw socket to read the 413 of a server that stops reading.)
 */
@QuarkusTest
class WebhookFuzzTest {

    /** Numbers whose conversion would take minutes and gigabytes (issue: 60 bytes kept a worker busy for minutes). */
    static final String POISON_NUMBER = "1e500000000";

    /** Numbers of that kind, in the forms JSON allows: each refuses the body (400) in microseconds. */
    static String poison(Random random) {
        return pick(random, POISON_NUMBER, "-1e500000000", "1E+999999999", "0.1e-999999999", "9".repeat(900),
                "1" + "0".repeat(41), "1e41", "123.45678901234567890123456789012345678901234");
    }

    static final int CASES = 240;
    static final ObjectMapper JSON = new ObjectMapper();
    static final String CPF = "52998224725";
    static final String JUDIT = "/webhooks/judit";
    static final String JUDIT_TOKEN = "test-judit-token";
    static final List<String> SECRETS = List.of(WebhookCalls.DIGESTO_TOKEN, WebhookCalls.ANOREG_TOKEN, JUDIT_TOKEN,
            "test-operator-token", "test-digesto-api-token", "test-judit-key", "test-justicafacil-token", CPF);

    @TestHTTPResource("/")
    URL base;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** One generated request; {@code body} is raw bytes so encodings can be wrong on purpose. */
    record Case(String kind, String pathAndQuery, String contentType, Map<String, String> headers, byte[] body) {

        static Case json(String kind, String pathAndQuery, String body) {
            return new Case(kind, pathAndQuery, "application/json", Map.of(), body.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void digestoWebhook() throws Exception {
        fuzz(WebhookCalls.DIGESTO + "?token=" + WebhookCalls.DIGESTO_TOKEN, digestoCases(new Random(13)),
                WebhookCalls.DIGESTO);
    }

    @Test
    void anoregWebhook() throws Exception {
        fuzz(WebhookCalls.ANOREG + "?token=" + WebhookCalls.ANOREG_TOKEN, anoregCases(new Random(7)),
                WebhookCalls.ANOREG);
    }

    // ---------------------------------------------------------------- generators

    /** Invalid Digesto batches: every one is refused whole (one bad event refuses the request). */
    List<Function<String, Case>> digestoCases(Random random) {
        List<Function<String, Case>> cases = new ArrayList<>();
        while (cases.size() < CASES) {
            String valid = "[" + validDigestoEvent(random) + "," + validDigestoEvent(random) + "]";
            String cnj = TestCnj.next().formatted();
            String wrongCheckDigits = cnj.substring(0, 8) + ((cnj.charAt(8) - '0' + 1) % 10) + cnj.substring(9);
            long id = 900_000_000L + random.nextInt(1_000_000);
            List<String> badEvents = List.of(
                    "{\"evt_type\": 2}",
                    "{\"id\": null, \"evt_type\": 2}",
                    "{\"id\": " + pick(random, "true", "[]", "{}", "\"\"", "\"   \"", "1.5", "1e400",
                            "\"\\u0000" + id + "\"", "\"" + "9".repeat(129) + "\"", "9".repeat(200), POISON_NUMBER)
                            + ", \"evt_type\": 2}",
                    "{\"id\": " + id + "}",
                    "{\"id\": " + id + ", \"evt_type\": " + pick(random, "null", "\"13\"", "13.5", "-1", "2147483648",
                            "1e3", "[]", "{}", "true", "99999999999999999999999", POISON_NUMBER) + "}",
                    "{\"id\": " + id + ", \"evt_type\": 13}",
                    "{\"id\": " + id + ", \"evt_type\": " + pick(random, "13", "4") + ", \"data\": "
                            + pick(random, "null", "\"x\"", "42", "[]", "{}", "{\"numero\": 12345}",
                                    "{\"numero\": \"  \"}", "{\"numero\": \"" + wrongCheckDigits + "\", \"cpf\": \""
                                            + CPF + "\"}",
                                    "{\"numero\": \"abc-def\"}", "{\"numero\": \"" + "1".repeat(31) + "\"}")
                            + "}",
                    "{\"id\": " + id + ", \"evt_type\": " + pick(random, "15", "16") + ", \"data\": "
                            + pick(random, "null", "{}", "{\"vr_id\": 0}", "{\"vr_id\": -1}", "{\"vr_id\": \"abc\"}",
                                    "{\"vr_id\": 1.5}", "{\"vr_id\": 123456789012345678901}", "{\"vr_id\": []}",
                                    "{\"vr_id\": " + POISON_NUMBER + "}", "{\"vr_id\": \"" + POISON_NUMBER + "\"}")
                            + "}",
                    "{\"id\": " + id + ", \"id\": " + (id + 1) + ", \"evt_type\": 2}",
                    pick(random, "1", "\"event\"", "null", "true", "[]"));
            String badEvent = badEvents.get(random.nextInt(badEvents.size()));
            cases.add(token -> Case.json("invalid event in a batch", token,
                    "[" + validDigestoEvent(random) + "," + badEvent + "]"));
            cases.add(token -> Case.json("root is not a list", token, pick(random, "{}", "\"[]\"", "1", "null", "true",
                    "{\"id\": 1, \"evt_type\": 2}")));
            cases.add(token -> Case.json("truncated", token, truncate(random, valid)));
            cases.add(token -> Case.json("structural character replaced", token, breakStructure(random, valid)));
            cases.add(token -> Case.json("deep nesting", token, "[{\"id\": " + id + ", \"evt_type\": 2, \"data\": "
                    + nested(random, 201 + random.nextInt(3000)) + "}]"));
            cases.add(token -> Case.json("trailing garbage", token, valid + pick(random, "]", "x", "{}", ",", "[]")));
            cases.add(token -> new Case("invalid UTF-8", token, "application/json", Map.of(),
                    invalidUtf8(random, valid)));
            cases.add(token -> new Case("UTF-16 body", token, "application/json", Map.of(),
                    valid.getBytes(StandardCharsets.UTF_16LE)));
            cases.add(token -> new Case("wrong media type", token, pick(random, "text/plain",
                    "application/json; charset=ISO-8859-1", "application/xml", "application/x-www-form-urlencoded",
                    "multipart/form-data; boundary=x"), Map.of(), valid.getBytes(StandardCharsets.UTF_8)));
            cases.add(token -> Case.json("huge id string", token, "[{\"id\": \"" + "7".repeat(1000 + random.nextInt(
                    2_000_000)) + "\", \"evt_type\": 2}]"));
            cases.add(token -> Case.json("poison number", token, "[" + validDigestoEvent(random) + ", {\"id\": " + id
                    + ", \"evt_type\": " + pick(random, "2", "13", "15") + ", \"data\": {\"numero\": \"" + cnj
                    + "\", \"vr_id\": 7, \"" + pick(random, "valor", "vr_id", "instancia", "x") + "\": "
                    + poison(random) + "}}]"));
            cases.addAll(tokenTricks(random, valid, WebhookCalls.DIGESTO, WebhookCalls.DIGESTO_TOKEN));
        }
        return cases;
    }

    @Test
    void juditWebhook() throws Exception {
        fuzz(JUDIT + "?token=" + JUDIT_TOKEN, juditCases(new Random(11)), JUDIT);
    }

    /** Invalid Judit callbacks. */
    List<Function<String, Case>> juditCases(Random random) {
        List<Function<String, Case>> cases = new ArrayList<>();
        while (cases.size() < CASES) {
            String request = java.util.UUID.randomUUID().toString();
            String valid = "{\"event_type\": \"request_completed\", \"reference_id\": \"" + request + "\"}";
            cases.add(token -> Case.json("poison number", token, "{\"event_type\": \"request_completed\","
                    + " \"reference_id\": \"" + request + "\", \"payload\": {\"" + pick(random, "page", "x")
                    + "\": " + poison(random) + "}}"));
            cases.add(token -> Case.json("no or bad reference_id", token, pick(random, "{}",
                    "{\"event_type\": \"request_completed\"}",
                    "{\"event_type\": \"request_completed\", \"reference_id\": \"\"}",
                    "{\"event_type\": \"request_completed\", \"reference_id\": 42}",
                    "{\"event_type\": \"request_completed\", \"reference_id\": null}",
                    "{\"event_type\": \"request_completed\", \"reference_id\": [\"" + request + "\"]}",
                    "{\"event_type\": \"request_completed\", \"reference_id\": \"../" + request + "\"}",
                    "{\"event_type\": \"request_completed\", \"reference_id\": \"" + request + "\\u0000\"}",
                    "{\"event_type\": \"request_completed\", \"reference_id\": \"" + "r".repeat(129) + "\"}",
                    "{\"reference_id\": \"" + request + "\", \"cpf\": \"" + CPF + "\"}",
                    "{\"event_type\": {}, \"reference_id\": \"" + request + "\"}")));
            cases.add(token -> Case.json("root is not an object", token, pick(random, "[]", "[" + valid + "]", "1",
                    "\"" + request + "\"", "null", "true")));
            cases.add(token -> Case.json("truncated", token, truncate(random, valid)));
            cases.add(token -> Case.json("structural character replaced", token, breakStructure(random, valid)));
            cases.add(token -> Case.json("deep nesting", token, "{\"event_type\": \"x\", \"reference_id\": \""
                    + request + "\", \"payload\": " + nested(random, 201 + random.nextInt(3000)) + "}"));
            cases.add(token -> new Case("invalid UTF-8", token, "application/json", Map.of(),
                    invalidUtf8(random, valid)));
            cases.add(token -> new Case("UTF-16 body", token, "application/json", Map.of(),
                    valid.getBytes(StandardCharsets.UTF_16LE)));
            cases.add(token -> new Case("wrong media type", token, pick(random, "text/plain", "application/xml",
                    "application/json; charset=ISO-8859-1"), Map.of(), valid.getBytes(StandardCharsets.UTF_8)));
            cases.addAll(tokenTricks(random, valid, JUDIT, JUDIT_TOKEN));
        }
        return cases;
    }

    /** Invalid Anoreg/MT pedido notifications. */
    List<Function<String, Case>> anoregCases(Random random) {
        List<Function<String, Case>> cases = new ArrayList<>();
        while (cases.size() < CASES) {
            long pedido = 1 + random.nextInt(1_000_000);
            String valid = "{\"pedido_id\": " + pedido + ", \"status\": \"aberto\"}";
            cases.add(token -> Case.json("no or bad pedido id", token, pick(random, "{}", "{\"status\": \"x\"}",
                    "{\"pedido_id\": 0}", "{\"pedido_id\": -" + pedido + "}", "{\"pedido_id\": 1.5}",
                    "{\"pedido_id\": " + POISON_NUMBER + "}", "{\"data\": {\"id\": " + POISON_NUMBER + "}}",
                    "{\"pedido_id\": \"abc\"}", "{\"pedido_id\": \"\"}", "{\"pedido_id\": true}",
                    "{\"pedido_id\": []}", "{\"pedido_id\": {}}", "{\"pedido_id\": null}",
                    "{\"pedido_id\": 123456789012345678901234}", "{\"pedido_id\": 1e400}",
                    "{\"pedido\": " + pedido + ", \"cpf\": \"" + CPF + "\"}",
                    "{\"data\": {\"pedido_id\": \"" + pedido + "x\"}}")));
            cases.add(token -> Case.json("root is not an object", token, pick(random, "[]", "[" + valid + "]", "1",
                    "\"" + pedido + "\"", "null", "true")));
            cases.add(token -> Case.json("duplicate key", token, "{\"pedido_id\": " + pedido + ", \"pedido_id\": "
                    + (pedido + 1) + "}"));
            cases.add(token -> Case.json("poison number", token, "{\"pedido_id\": " + pedido + ", \""
                    + pick(random, "valor", "status", "x") + "\": " + poison(random) + "}"));
            cases.add(token -> Case.json("truncated", token, truncate(random, valid)));
            cases.add(token -> Case.json("structural character replaced", token, breakStructure(random, valid)));
            cases.add(token -> Case.json("deep nesting", token, "{\"pedido_id\": " + pedido + ", \"x\": "
                    + nested(random, 201 + random.nextInt(3000)) + "}"));
            cases.add(token -> Case.json("trailing garbage", token, valid + pick(random, "}", "x", "{}", ",")));
            cases.add(token -> new Case("invalid UTF-8", token, "application/json", Map.of(),
                    invalidUtf8(random, valid)));
            cases.add(token -> new Case("UTF-16 body", token, "application/json", Map.of(),
                    valid.getBytes(StandardCharsets.UTF_16BE)));
            cases.add(token -> new Case("wrong media type", token, pick(random, "text/plain",
                    "application/json; charset=UTF-16", "application/xml", "application/octet-stream"), Map.of(),
                    valid.getBytes(StandardCharsets.UTF_8)));
            cases.add(token -> Case.json("huge id string", token, "{\"pedido_id\": \"" + "8".repeat(20 + random
                    .nextInt(2_000_000)) + "\"}"));
            cases.addAll(tokenTricks(random, valid, WebhookCalls.ANOREG, WebhookCalls.ANOREG_TOKEN));
        }
        return cases;
    }

    /** A valid body with a token that must not be accepted; the case ignores the good path handed to it. */
    static List<Function<String, Case>> tokenTricks(Random random, String valid, String path, String token) {
        String other = token.equals(WebhookCalls.DIGESTO_TOKEN) ? WebhookCalls.ANOREG_TOKEN : WebhookCalls.DIGESTO_TOKEN;
        String query = pick(random, "", "?token=", "?token=wrong", "?token=" + token + "%20", "?token=%20" + token,
                "?token=" + token.toUpperCase(), "?token=" + token.substring(0, token.length() - 1),
                "?token=" + token + "x", "?token=" + token + "%00", "?token=" + other,
                "?token=" + token + "&token=" + token, "?token=" + token + "&token=wrong",
                "?Token=" + token, "?tok=" + token, "?token%5B%5D=" + token, "?token=" + "a".repeat(3000),
                "?token=%E2%80%8B" + token, "?token=" + token.replace('-', '_'));
        byte[] body = valid.getBytes(StandardCharsets.UTF_8);
        List<Function<String, Case>> cases = new ArrayList<>();
        cases.add(good -> new Case("token trick " + query, path + query, "application/json", Map.of(), body));
        Map<String, String> header = Map.of("Authorization", pick(random, "Bearer", "Bearer ", "Bearer wrong",
                "Basic " + java.util.Base64.getEncoder().encodeToString(("x:" + token).getBytes(StandardCharsets.UTF_8)),
                "Bearer " + token + " " + token, "Token " + token, "Bearer " + other));
        cases.add(good -> new Case("authorization trick", path, "application/json", header, body));
        cases.add(good -> new Case("query and header disagree", path + "?token=wrong", "application/json",
                Map.of("Authorization", "Bearer " + token), body));
        return cases;
    }

    String validDigestoEvent(Random random) {
        long id = 910_000_000L + random.nextInt(1_000_000);
        return switch (random.nextInt(3)) {
            case 0 -> "{\"id\": " + id + ", \"evt_type\": 2, \"data\": {\"x\": \"y\"}}";
            case 1 -> "{\"id\": " + id + ", \"evt_type\": 16, \"data\": {\"vr_id\": " + (1 + random.nextInt(9999))
                    + "}}";
            default -> "{\"id\": " + id + ", \"evt_type\": 13, \"data\": {\"numero\": \""
                    + TestCnj.next().formatted() + "\"}}";
        };
    }

    @SafeVarargs
    static <T> T pick(Random random, T... options) {
        return options[random.nextInt(options.length)];
    }

    static String truncate(Random random, String json) {
        return json.substring(0, 1 + random.nextInt(json.length() - 2));
    }

    /** Replaces one structural character outside strings with '#', which JSON never allows there. */
    static String breakStructure(Random random, String json) {
        List<Integer> positions = new ArrayList<>();
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '"' && (i == 0 || json.charAt(i - 1) != '\\')) {
                inString = !inString;
            } else if (!inString && "{}[]:,".indexOf(c) >= 0) {
                positions.add(i);
            }
        }
        int at = positions.get(random.nextInt(positions.size()));
        return json.substring(0, at) + "#" + json.substring(at + 1);
    }

    static String nested(Random random, int depth) {
        boolean arrays = random.nextBoolean();
        StringBuilder json = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            json.append(arrays ? "[" : "{\"a\":");
        }
        json.append("1");
        for (int i = 0; i < depth; i++) {
            json.append(arrays ? "]" : "}");
        }
        return json.toString();
    }

    /** The body with an invalid UTF-8 sequence inside a string value. */
    static byte[] invalidUtf8(Random random, String json) {
        int quote = json.indexOf("\":") + 3; // inside the first value when it is a string, else at its start
        byte[] bad = pick(random, new byte[] { (byte) 0xC3, 0x28 }, new byte[] { (byte) 0xFF },
                new byte[] { (byte) 0xE7 }, new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 },
                new byte[] { (byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80 });
        byte[] before = json.substring(0, quote).getBytes(StandardCharsets.UTF_8);
        byte[] after = json.substring(quote).getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[before.length + bad.length + after.length];
        System.arraycopy(before, 0, body, 0, before.length);
        System.arraycopy(bad, 0, body, before.length, bad.length);
        System.arraycopy(after, 0, body, before.length + bad.length, after.length);
        return body;
    }

    // ---------------------------------------------------------------- runner

    void fuzz(String pathAndGoodToken, List<Function<String, Case>> generated, String endpoint) throws Exception {
        long publishedBefore = published();
        Map<String, Integer> statuses = new TreeMap<>();
        Map<String, Integer> kinds = new TreeMap<>();
        List<String> findings = new ArrayList<>();
        List<String> logLines;
        try (LogCapture logs = LogCapture.start()) {
            for (Function<String, Case> generator : generated) {
                Case c = generator.apply(pathAndGoodToken);
                kinds.merge(c.kind().replaceAll(" [?].*", "").strip(), 1, Integer::sum);
                HttpResponse<String> response = send(c);
                statuses.merge(Integer.toString(response.statusCode()), 1, Integer::sum);
                String problem = problemOf(response);
                if (response.statusCode() < 400 || response.statusCode() >= 500 || problem != null) {
                    findings.add(c.kind() + " → " + response.statusCode() + " " + (problem != null ? problem : "")
                            + " body: " + preview(c.body()));
                }
            }
            logLines = logs.lines();
        }
        Thread.sleep(500); // anything wrongly accepted would be on its topic by now (202 means acknowledged)
        long publishedAfter = published();
        List<String> leaks = logLines.stream().filter(line -> SECRETS.stream().anyMatch(line::contains)).toList();
        System.out.printf("FUZZ %s: %d cases, statuses %s, kinds %s, findings %d, published %d, log lines with a"
                + " secret %d%n", endpoint, generated.size(), statuses, kinds, findings.size(),
                publishedAfter - publishedBefore, leaks.size());
        assertThat(generated).hasSizeGreaterThanOrEqualTo(200);
        assertThat(findings).as("requests that were not a 4xx problem").isEmpty();
        assertThat(publishedAfter - publishedBefore).as("records published by the fuzz").isZero();
        assertThat(leaks).as("log lines with a secret or a full CPF").isEmpty();
    }

    static long published() {
        long sum = 0;
        for (Provider provider : Provider.values()) {
            sum += Topics.endOffsetSum(provider.inboundTopic());
        }
        return sum;
    }

    HttpResponse<String> send(Case c) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "")
                + c.pathAndQuery())).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(c.body()));
        if (c.contentType() != null) {
            request.header("Content-Type", c.contentType());
        }
        c.headers().forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Null when the answer is a problem body; otherwise what is wrong with it. */
    static String problemOf(HttpResponse<String> response) {
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (!type.startsWith("application/problem+json")) {
            return "content type '" + type + "'";
        }
        try {
            JsonNode problem = JSON.readTree(response.body());
            if (problem.path("status").asInt() != response.statusCode() || problem.path("title").asText().isBlank()) {
                return "problem without status/title: " + response.body();
            }
            return null;
        } catch (Exception e) {
            return "unreadable problem body";
        }
    }

    static String preview(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() > 160 ? text.substring(0, 160) + "…(" + body.length + " bytes)" : text;
    }
}
