package io.despacho.shared;

import java.math.BigInteger;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A CNJ process number (Resolução CNJ 65/2008): NNNNNNN-DD.AAAA.J.TR.OOOO, whose check digits DD follow ISO 7064
 * mod 97-10. Kept as its 20 digits; {@link #formatted()} gives the usual punctuation.
 */
public record Cnj(String digits) {

    private static final Pattern FORMATTED = Pattern.compile("\\d{7}-\\d{2}\\.\\d{4}\\.\\d\\.\\d{2}\\.\\d{4}");
    private static final BigInteger NINETY_SEVEN = BigInteger.valueOf(97);

    public Cnj {
        if (!isValidDigits(digits)) {
            throw new IllegalArgumentException("not a valid CNJ number");
        }
    }

    /** Accepts the formatted form or the 20 digits alone; anything else, or wrong check digits, is empty. */
    public static Optional<Cnj> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String trimmed = text.trim();
        String digits;
        if (FORMATTED.matcher(trimmed).matches()) {
            digits = trimmed.replaceAll("\\D", "");
        } else if (trimmed.length() == 20 && trimmed.chars().allMatch(c -> c >= '0' && c <= '9')) {
            digits = trimmed;
        } else {
            return Optional.empty();
        }
        return isValidDigits(digits) ? Optional.of(new Cnj(digits)) : Optional.empty();
    }

    /** True when the text has the shape of a CNJ number (formatted or 20 digits), whatever its check digits. */
    public static boolean looksLikeCnj(String text) {
        if (text == null) {
            return false;
        }
        String trimmed = text.trim();
        return FORMATTED.matcher(trimmed).matches()
                || (trimmed.length() == 20 && trimmed.chars().allMatch(c -> c >= '0' && c <= '9'));
    }

    public String formatted() {
        return digits.substring(0, 7) + "-" + digits.substring(7, 9) + "." + digits.substring(9, 13) + "."
                + digits.substring(13, 14) + "." + digits.substring(14, 16) + "." + digits.substring(16, 20);
    }

    private static boolean isValidDigits(String digits) {
        if (digits == null || digits.length() != 20 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return false;
        }
        // sequence, year, segment, court and origin, then the check digits last: the whole must be 1 mod 97
        String reordered = digits.substring(0, 7) + digits.substring(9, 20) + digits.substring(7, 9);
        return new BigInteger(reordered).mod(NINETY_SEVEN).intValue() == 1;
    }

    @Override
    public String toString() {
        return formatted();
    }
}
