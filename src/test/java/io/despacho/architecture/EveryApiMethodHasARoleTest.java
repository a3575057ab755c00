package io.despacho.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** A new /api method without a role would be open to anyone: fail the build instead. */
class EveryApiMethodHasARoleTest {

    @Test
    void everyApiResourceMethodDeclaresItsRoles() {
        List<String> resources = new ArrayList<>();
        List<String> open = new ArrayList<>();
        for (JavaClass type : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.despacho")) {
            if (type.isInterface() || !type.isAnnotatedWith(Path.class)
                    || !type.getAnnotationOfType(Path.class).value().startsWith("/api")) {
                continue;
            }
            resources.add(type.getSimpleName());
            for (JavaMethod method : type.getMethods()) {
                boolean endpoint = method.isAnnotatedWith(GET.class) || method.isAnnotatedWith(POST.class)
                        || method.isAnnotatedWith(PUT.class) || method.isAnnotatedWith(DELETE.class)
                        || method.isAnnotatedWith(PATCH.class);
                if (endpoint && !method.isAnnotatedWith(RolesAllowed.class) && !type.isAnnotatedWith(RolesAllowed.class)) {
                    open.add(type.getSimpleName() + "." + method.getName());
                }
            }
        }
        assertThat(resources).hasSizeGreaterThanOrEqualTo(12);
        assertThat(open).isEmpty();
    }
}
