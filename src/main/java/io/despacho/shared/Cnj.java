package io.despacho.shared;

import java.util.Optional;

/**
 * A CNJ process number (Resolução CNJ 65/2008): NNNNNNN-DD.AAAA.J.TR.OOOO, whose check digits DD follow ISO 7064
 * mod 97-10. Kept as its 20 digits; {@link #formatted()} gives the usual punctuation.
 */
public record Cnj(String digits) {

    public Cnj {
        if (!isValidDigits(digits)) {
            throw new IllegalArgumentException("not a valid CNJ number");
        }
    }

    /** Accepts the formatted form or the 20 digits alone; anything else, or wrong check digits, is empty. */
    public static Optional<Cnj> parse(String text) {
        String digits = digitsOf(text);
        return digits != null && checks(digits) ? Optional.of(new Cnj(digits)) : Optional.empty();
    }

    /** The 20 digits of a formatted or bare CNJ-shaped text, else null (without regex replacing: hot path). */
    private static String digitsOf(String text) {
        if (text == null) {
            return null;
        }
        String trimmed = text.trim();
        if (trimmed.length() == 20) {
            return allDigits(trimmed) ? trimmed : null;
        }
        if (trimmed.length() != 25) {
            return null;
        }
        // NNNNNNN-DD.AAAA.J.TR.OOOO read position by position (a regex match per number showed in the webhook profile)
        char[] digits = new char[20];
        int next = 0;
        for (int i = 0; i < 25; i++) {
            char c = trimmed.charAt(i);
            char separator = i == 7 ? '-' : i == 10 || i == 15 || i == 17 || i == 20 ? '.' : 0;
            if (separator != 0 ? c != separator : c < '0' || c > '9') {
                return null;
            }
            if (separator == 0) {
                digits[next++] = c;
            }
        }
        return new String(digits);
    }

    /** True when the text has the shape of a CNJ number (formatted or 20 digits), whatever its check digits. */
    public static boolean looksLikeCnj(String text) {
        return digitsOf(text) != null;
    }

    public String formatted() {
        return digits.substring(0, 7) + "-" + digits.substring(7, 9) + "." + digits.substring(9, 13) + "."
                + digits.substring(13, 14) + "." + digits.substring(14, 16) + "." + digits.substring(16, 20);
    }

    private static boolean isValidDigits(String digits) {
        return digits != null && digits.length() == 20 && allDigits(digits) && checks(digits);
    }

    /**
     * Sequence, year, segment, court and origin, then the check digits last: the whole must be 1 mod 97 (ISO 7064),
     * computed digit by digit in an int rather than as a 20-digit BigInteger.
     */
    private static boolean checks(String digits) {
        int mod = 0;
        for (int i = 0; i < 20; i++) {
            int at = i < 7 ? i : i < 18 ? i + 2 : i - 11; // NNNNNNN AAAAJTROOOO DD
            mod = (mod * 10 + digits.charAt(at) - '0') % 97;
        }
        return mod == 1;
    }

    private static boolean allDigits(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return formatted();
    }
}
