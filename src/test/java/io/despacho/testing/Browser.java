package io.despacho.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium driven through chromedriver (the Debian packages chromium and chromium-driver). Where they are
 * missing the browser tests are skipped with one line saying so — unless DESPACHO_BROWSER_TESTS=required (.ci/run
 * sets it after installing them), where a missing browser fails the build instead.
 */
public final class Browser implements ExecutionCondition {

    private static final String[] CHROMIUM = { "/usr/bin/chromium", "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome" };
    private static final String[] DRIVER = { "/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver" };
    private static boolean told;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (chromium().isPresent() && driver().isPresent()) {
            return ConditionEvaluationResult.enabled("chromium and chromedriver found");
        }
        String why = "Browser tests skipped: no chromium + chromedriver here (apt-get install chromium chromium-driver;"
                + " .ci/run installs them and makes these tests mandatory).";
        if ("required".equals(System.getenv("DESPACHO_BROWSER_TESTS"))) {
            throw new IllegalStateException("DESPACHO_BROWSER_TESTS=required but chromium or chromedriver is missing");
        }
        synchronized (Browser.class) {
            if (!told) {
                told = true;
                System.out.println(why);
            }
        }
        return ConditionEvaluationResult.disabled(why);
    }

    /** A fresh headless browser (its own profile, so no cookie survives it). */
    public static WebDriver start() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium().orElseThrow());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1440,1000", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(driver().orElseThrow()).toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        // an element looked for right after a click may belong to the page the click leads to
        driver.manage().timeouts().implicitlyWait(Duration.ofSeconds(2));
        return driver;
    }

    /** Saves what the browser shows to target/console-screenshots/{name}.png. */
    public static Path screenshot(WebDriver driver, String name) {
        try {
            Path dir = Path.of("target", "console-screenshots");
            Files.createDirectories(dir);
            Path file = dir.resolve(name + ".png");
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Optional<String> chromium() {
        return Stream.of(CHROMIUM).filter(p -> Files.isExecutable(Path.of(p))).findFirst();
    }

    private static Optional<String> driver() {
        return Stream.of(DRIVER).filter(p -> Files.isExecutable(Path.of(p))).findFirst();
    }
}
