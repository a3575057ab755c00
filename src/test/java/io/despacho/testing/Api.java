package io.despacho.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.specification.RequestSpecification;

/** /api requests with the test profile's tokens (application.properties, %test). */
public final class Api {

    public static final String READER_TOKEN = "test-reader-token";
    public static final String OPERATOR_TOKEN = "test-operator-token";

    private Api() {
    }

    public static RequestSpecification asReader() {
        return given().header("Authorization", "Bearer " + READER_TOKEN);
    }

    public static RequestSpecification asOperator() {
        return given().header("Authorization", "Bearer " + OPERATOR_TOKEN);
    }

    /** Operators read each CPF whole; readers get the same answer with each one as ***.ddd.ddd-**, nowhere whole. */
    public static void assertMaskedForReaders(String path, String... cpfs) {
        String whole = asOperator().get(path).then().statusCode(200).extract().asString();
        String masked = asReader().get(path).then().statusCode(200).extract().asString();
        for (String cpf : cpfs) {
            String digits = cpf.replaceAll("\\D", "");
            String formatted = digits.replaceFirst("(\\d{3})(\\d{3})(\\d{3})(\\d{2})", "$1.$2.$3-$4");
            assertThat(whole).as("the operator's answer").containsAnyOf(digits, formatted);
            assertThat(masked).as("the reader's answer").doesNotContain(digits).doesNotContain(formatted)
                    .contains("***." + digits.substring(3, 6) + "." + digits.substring(6, 9) + "-**");
        }
        assertThat(masked.length()).as("nothing but the CPFs differs").isLessThanOrEqualTo(whole.length() + 8 * 20);
    }
}
