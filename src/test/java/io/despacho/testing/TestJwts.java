package io.despacho.testing;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

/** JWTs signed with the test identity provider's key (src/test/resources/oidc), and that key as a JWKS. */
public final class TestJwts {

    public static final String KEY_ID = "despacho-test";
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestJwts() {
    }

    /** An RS256 JWT with these claims, signed by {@code key}. */
    public static String signed(PrivateKey key, Map<String, Object> claims) throws Exception {
        String header = base64(JSON.writeValueAsBytes(Map.of("alg", "RS256", "typ", "JWT", "kid", KEY_ID)));
        String body = base64(JSON.writeValueAsBytes(claims));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key);
        rsa.update((header + "." + body).getBytes(StandardCharsets.US_ASCII));
        return header + "." + body + "." + base64(rsa.sign());
    }

    public static PrivateKey signingKey() throws Exception {
        byte[] der = Base64.getDecoder().decode(pemBody("/oidc/test-private.pk8.pem"));
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    /** The public key as the identity provider's JSON Web Key Set. */
    public static String jwks() throws Exception {
        RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(
                Base64.getDecoder().decode(pemBody("/oidc/test-public.pem"))));
        return JSON.writeValueAsString(Map.of("keys", List.of(Map.of("kty", "RSA", "alg", "RS256", "use", "sig",
                "kid", KEY_ID, "n", base64(unsigned(key.getModulus())), "e",
                base64(unsigned(key.getPublicExponent()))))));
    }

    public static String pemBody(String resource) {
        try (InputStream in = TestJwts.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).replaceAll("-----[A-Z ]+-----", "")
                    .replaceAll("\\s", "");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    private static String base64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
