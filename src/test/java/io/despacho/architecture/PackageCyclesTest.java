package io.despacho.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The feature packages show the data flow: no two of them import each other, directly or round a longer loop
 * (README "Anatomy" draws the graph). Fails naming the cycle.
 */
class PackageCyclesTest {

    static final JavaClasses MAIN = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.despacho");

    @Test
    void featurePackagesAreFreeOfCycles() {
        slices().matching("io.despacho.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void providerSubpackagesAreFreeOfCycles() {
        slices().matching("io.despacho.(**)").should().beFreeOfCycles().check(MAIN);
    }
}
