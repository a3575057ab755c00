package io.despacho.shared;

/** CPF and CNPJ: check digits, typing by length and masking for anything that might be logged. */
public final class Documents {

    private Documents() {
    }

    /** Digits of a CPF (11) or CNPJ (14), or null when the text is neither. */
    public static String digits(String text) {
        if (text == null) {
            return null;
        }
        String digits = text.replaceAll("\\D", "");
        return digits.length() == 11 || digits.length() == 14 ? digits : null;
    }

    /** A CPF whose two check digits are right (and not one digit repeated, which the mod-11 rule lets through). */
    public static boolean validCpf(String digits) {
        if (digits == null || !digits.matches("\\d{11}") || digits.chars().distinct().count() == 1) {
            return false;
        }
        return checkDigit(digits, 9, 10) == digits.charAt(9) - '0' && checkDigit(digits, 10, 11) == digits.charAt(10) - '0';
    }

    /** A CNPJ whose two check digits are right. */
    public static boolean validCnpj(String digits) {
        if (digits == null || !digits.matches("\\d{14}") || digits.chars().distinct().count() == 1) {
            return false;
        }
        return cnpjCheckDigit(digits, 12) == digits.charAt(12) - '0'
                && cnpjCheckDigit(digits, 13) == digits.charAt(13) - '0';
    }

    /** CPF: weights firstWeight down to 2 over the first {@code length} digits, mod 11. */
    private static int checkDigit(String digits, int length, int firstWeight) {
        int sum = 0;
        for (int i = 0; i < length; i++) {
            sum += (digits.charAt(i) - '0') * (firstWeight - i);
        }
        int rest = sum % 11;
        return rest < 2 ? 0 : 11 - rest;
    }

    /** CNPJ: weights cycle 2..9 from the right over the first {@code length} digits, mod 11. */
    private static int cnpjCheckDigit(String digits, int length) {
        int sum = 0;
        int weight = 2;
        for (int i = length - 1; i >= 0; i--) {
            sum += (digits.charAt(i) - '0') * weight;
            weight = weight == 9 ? 2 : weight + 1;
        }
        int rest = sum % 11;
        return rest < 2 ? 0 : 11 - rest;
    }

    public static String type(String digits) {
        if (digits == null) {
            return null;
        }
        return digits.length() == 14 ? "CNPJ" : digits.length() == 11 ? "CPF" : null;
    }

    /**
     * A CPF as "***.456.789-**": only the middle digits show, enough to tell two documents apart in a log or for a
     * reader; any other document as "***" and its digits but the first three and last two.
     */
    public static String mask(String document) {
        if (document == null) {
            return null;
        }
        String digits = document.replaceAll("\\D", "");
        if (digits.length() == 11) {
            return "***." + digits.substring(3, 6) + "." + digits.substring(6, 9) + "-**";
        }
        if (digits.length() < 6) {
            return "***";
        }
        return "***" + digits.substring(3, digits.length() - 2) + "**";
    }
}
