package io.despacho.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The AOT cache made as docker/Dockerfile.jvm's training stage makes it: docker/aot-training.sh on the given jar, with
 * the image's JVM ({@link ImageJvm}), against a fresh database of its own in the embedded PostgreSQL.
 */
public final class AotCache {

    private AotCache() {
    }

    /** The image's JAVA_OPTS, read from docker/Dockerfile.jvm, so that a test cannot drift from what it runs. */
    public static String imageJavaOptions() throws IOException {
        Matcher options = Pattern.compile("JAVA_OPTS=\"([^\"]*)\"")
                .matcher(Files.readString(Path.of("docker/Dockerfile.jvm")));
        if (!options.find()) {
            throw new IllegalStateException("docker/Dockerfile.jvm sets no JAVA_OPTS");
        }
        return options.group(1);
    }

    /** Runs the training; returns the cache, or throws with the script's output. */
    public static Path train(Path jar, String javaOptions, Path cache) throws Exception {
        if (ImageJvm.home().isEmpty()) {
            throw new IllegalStateException("no JDK " + ImageJvm.version() + " here to make the image's AOT cache with:"
                    + " set DESPACHO_IMAGE_JAVA_HOME");
        }
        Map<String, String> database = ProdJar.freshDatabaseEnv("aot_training");
        Path log = Files.createTempFile("aot-training", ".log");
        ProcessBuilder builder = new ProcessBuilder("sh", "docker/aot-training.sh", jar.toString(), cache.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        ProdJar.CONTRACT_VARIABLES.forEach(env::remove);
        database.forEach((name, value) -> {
            if (name.startsWith("QUARKUS_DATASOURCE_")) {
                env.put(name, value); // Kafka is the script's own (nothing listening)
            }
        });
        env.put("JAVA_OPTS", javaOptions);
        // the cache fits only the JVM that wrote it: the one that will start the jar
        env.put("PATH", ImageJvm.java().getParent() + File.pathSeparator + env.get("PATH"));
        Process training = builder.start();
        if (!training.waitFor(180, TimeUnit.SECONDS)) {
            training.destroyForcibly();
        }
        if (training.isAlive() || training.exitValue() != 0 || !Files.isRegularFile(cache)) {
            throw new IllegalStateException("docker/aot-training.sh failed:\n" + Files.readString(log));
        }
        return cache;
    }
}
