package io.despacho.shared;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256, for event ids, content hashes and token comparison. */
public final class Hashing {

    private Hashing() {
    }

    public static byte[] sha256(byte[] value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    public static String sha256Hex(byte[] value) {
        return HexFormat.of().formatHex(sha256(value));
    }

    public static String sha256Hex(String value) {
        return sha256Hex(value.getBytes(StandardCharsets.UTF_8));
    }

    /** Constant time: both sides are hashed first, so neither the content nor the length leaks through timing. */
    public static boolean sameSecret(String expected, String presented) {
        return MessageDigest.isEqual(sha256(expected.getBytes(StandardCharsets.UTF_8)),
                sha256(presented.getBytes(StandardCharsets.UTF_8)));
    }
}
