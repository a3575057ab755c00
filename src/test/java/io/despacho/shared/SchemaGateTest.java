package io.despacho.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class SchemaGateTest {

    @Test
    void theGateWaitsForTheHighestMigrationOfThisBuild() throws IOException {
        List<String> migrations;
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            migrations = files.map(f -> f.getFileName().toString()).toList();
        }
        // integer versions only: the gate compares them as integers
        assertThat(migrations).isNotEmpty().allMatch(name -> name.matches("V\\d+__\\w+\\.sql"));
        int highest = migrations.stream().mapToInt(name -> Integer.parseInt(name.substring(1, name.indexOf("__"))))
                .max().orElseThrow();
        assertThat(SchemaGate.VERSION).as("SchemaGate.VERSION after adding a migration").isEqualTo(highest);
    }
}
