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
 * The class-data-sharing archive made as docker/Dockerfile.jvm's training stage makes it: docker/cds-training.sh on
 * the given jar, with this JVM's java, against a fresh database of its own in the embedded PostgreSQL.
 */
public final class CdsArchive {

    private CdsArchive() {
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

    /** Runs the training; returns the archive, or throws with the script's output. */
    public static Path train(Path jar, String javaOptions, Path archive) throws Exception {
        Map<String, String> database = ProdJar.freshDatabaseEnv("cds_training");
        Path log = Files.createTempFile("cds-training", ".log");
        ProcessBuilder builder = new ProcessBuilder("sh", "docker/cds-training.sh", jar.toString(), archive.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        ProdJar.CONTRACT_VARIABLES.forEach(env::remove);
        database.forEach((name, value) -> {
            if (name.startsWith("QUARKUS_DATASOURCE_")) {
                env.put(name, value); // Kafka is the script's own (nothing listening)
            }
        });
        env.put("JAVA_OPTS", javaOptions);
        // the archive fits only the JVM that wrote it: the one that will start the jar
        env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + File.pathSeparator + env.get("PATH"));
        Process training = builder.start();
        if (!training.waitFor(180, TimeUnit.SECONDS)) {
            training.destroyForcibly();
        }
        if (training.isAlive() || training.exitValue() != 0 || !Files.isRegularFile(archive)) {
            throw new IllegalStateException("docker/cds-training.sh failed:\n" + Files.readString(log));
        }
        return archive;
    }
}
