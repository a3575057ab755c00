package io.despacho.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The JVM the image runs the jar on (docker/Dockerfile.jvm's runtime stage: a newer Java than the build's), found on
 * this machine: DESPACHO_IMAGE_JAVA_HOME, else this JVM if it is that version, else a JDK of that version under
 * /usr/lib/jvm. The prod jar's tests and the benchmark start the jar on it; where it is missing they start it on this
 * JVM, saying so once — unless DESPACHO_IMAGE_JVM=required (.ci/run), which fails instead.
 */
public final class ImageJvm {

    private static final Path DOCKERFILE = Path.of("docker/Dockerfile.jvm");
    private static volatile Optional<Path> found;
    private static volatile boolean toldOfTheFallback;

    private ImageJvm() {
    }

    /** The runtime stage's Java feature version ({@code FROM eclipse-temurin:NN-jre AS runtime}). */
    public static int version() {
        try {
            Matcher from = Pattern.compile("(?m)^FROM eclipse-temurin:(\\d+)-jre AS runtime$")
                    .matcher(Files.readString(DOCKERFILE));
            if (!from.find()) {
                throw new IllegalStateException(DOCKERFILE + " has no eclipse-temurin runtime stage");
            }
            return Integer.parseInt(from.group(1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The image's JDK on this machine, if there is one (looked for once: every start of the prod jar asks). */
    public static Optional<Path> home() {
        Optional<Path> home = found;
        if (home == null) {
            home = find();
            found = home;
        }
        return home;
    }

    private static Optional<Path> find() {
        int version = version();
        String configured = System.getenv("DESPACHO_IMAGE_JAVA_HOME");
        if (configured != null && !configured.isBlank()) {
            Path home = Path.of(configured);
            if (featureVersion(home) != version) {
                throw new IllegalStateException("DESPACHO_IMAGE_JAVA_HOME=" + configured + " is not a JDK " + version);
            }
            return Optional.of(home);
        }
        if (Runtime.version().feature() == version) {
            return Optional.of(Path.of(System.getProperty("java.home")));
        }
        try (Stream<Path> jdks = Files.list(Path.of("/usr/lib/jvm"))) {
            return jdks.filter(home -> featureVersion(home) == version).sorted().findFirst();
        } catch (IOException noJvmDirectory) {
            return Optional.empty();
        }
    }

    /** The java that starts the prod jar: the image's, else this JVM's (see the class comment). */
    public static Path java() {
        Optional<Path> home = home();
        if (home.isPresent()) {
            return home.get().resolve("bin/java");
        }
        if ("required".equals(System.getenv("DESPACHO_IMAGE_JVM"))) {
            throw new IllegalStateException("DESPACHO_IMAGE_JVM=required but no JDK " + version()
                    + " (docker/Dockerfile.jvm's runtime) is here: set DESPACHO_IMAGE_JAVA_HOME");
        }
        if (!toldOfTheFallback) {
            toldOfTheFallback = true;
            System.err.println("No JDK " + version() + " (the image's runtime) found: the prod jar runs on this JVM ("
                    + Runtime.version().feature() + "); set DESPACHO_IMAGE_JAVA_HOME to use one");
        }
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** The major version a JDK's release file names, or -1. */
    private static int featureVersion(Path home) {
        try {
            Matcher version = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)")
                    .matcher(Files.readString(home.resolve("release")));
            return version.find() && Files.isExecutable(home.resolve("bin/java"))
                    ? Integer.parseInt(version.group(1)) : -1;
        } catch (IOException | RuntimeException notAJdk) {
            return -1;
        }
    }
}
