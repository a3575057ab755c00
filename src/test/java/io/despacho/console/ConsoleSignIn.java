package io.despacho.console;

import static io.restassured.RestAssured.given;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.restassured.config.RedirectConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import io.restassured.specification.RequestSpecification;

/** A console session over plain HTTP (RestAssured): its cookies, and the CSRF token its pages carry. */
final class ConsoleSignIn {

    private static final Pattern HIDDEN = Pattern.compile("name=\"(login|csrf)\" value=\"([^\"]+)\"");

    /** The browser's part: keeps what Set-Cookie says (Secure ones too, as browsers do for localhost), by path. */
    final Map<String, String> cookies = new ConcurrentHashMap<>();
    private final Map<String, String> paths = new ConcurrentHashMap<>();
    String csrf;

    RequestSpecification request() {
        return given().filter(this::withCookies).config(RestAssuredConfig.config().redirect(RedirectConfig
                .redirectConfig().followRedirects(false)));
    }

    private Response withCookies(FilterableRequestSpecification request, FilterableResponseSpecification response,
            FilterContext context) {
        String path = URI.create(request.getURI()).getPath();
        String sent = cookies.entrySet().stream().filter(c -> path.startsWith(paths.get(c.getKey())))
                .map(c -> c.getKey() + "=" + c.getValue()).collect(Collectors.joining("; "));
        if (!sent.isEmpty()) {
            request.header("Cookie", sent);
        }
        Response answer = context.next(request, response);
        for (String set : answer.getHeaders().getValues("Set-Cookie")) {
            String pair = set.split(";", 2)[0];
            String name = pair.substring(0, pair.indexOf('='));
            String value = pair.substring(pair.indexOf('=') + 1);
            Matcher cookiePath = Pattern.compile("(?i);\\s*Path=([^;]+)").matcher(set);
            if (value.isEmpty() || set.contains("Max-Age=0")) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
                paths.put(name, cookiePath.find() ? cookiePath.group(1).strip() : "/");
            }
        }
        return answer;
    }

    /** Signs in with a role token; returns the answer to the form's POST. */
    Response signIn(String token) {
        String form = request().get("/console/login").then().statusCode(200).extract().asString();
        Response answer = request().contentType("application/x-www-form-urlencoded").formParam("token", token)
                .formParam("login", hidden(form, "login")).post("/console/login");
        if (answer.statusCode() == 303) {
            csrf = hidden(request().get("/console").then().statusCode(200).extract().asString(), "csrf");
        }
        return answer;
    }

    static String hidden(String html, String name) {
        Matcher m = HIDDEN.matcher(html);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return m.group(2);
            }
        }
        throw new AssertionError("no hidden " + name + " field in " + html);
    }
}
