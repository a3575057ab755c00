package io.despacho.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The class-data-sharing archive made as docker/Dockerfile.jvm's training stage makes it: docker/cds-training.sh on
 * the given jar, with this JVM's java, against a fresh database of its own in the embedded PostgreSQL.
 */
public final class CdsArchive {

    private static final AtomicInteger DATABASES = new AtomicInteger();

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
        Map<String, String> infrastructure = ProdJar.infrastructureEnv();
        String database = "cds_training_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(infrastructure.get("QUARKUS_DATASOURCE_JDBC_URL"),
                infrastructure.get("QUARKUS_DATASOURCE_USERNAME"), infrastructure.get("QUARKUS_DATASOURCE_PASSWORD"));
                Statement s = c.createStatement()) {
            s.execute("create database " + database);
        }
        Path log = Files.createTempFile("cds-training", ".log");
        ProcessBuilder builder = new ProcessBuilder("sh", "docker/cds-training.sh", jar.toString(), archive.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        ProdJar.CONTRACT_VARIABLES.forEach(env::remove);
        env.put("QUARKUS_DATASOURCE_JDBC_URL", infrastructure.get("QUARKUS_DATASOURCE_JDBC_URL")
                .replaceFirst("/postgres(\\?|$)", "/" + database + "$1"));
        env.put("QUARKUS_DATASOURCE_USERNAME", infrastructure.get("QUARKUS_DATASOURCE_USERNAME"));
        env.put("QUARKUS_DATASOURCE_PASSWORD", infrastructure.get("QUARKUS_DATASOURCE_PASSWORD"));
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
