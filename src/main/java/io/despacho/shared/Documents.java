package io.despacho.shared;

/** CPF and CNPJ: typing by length and masking for anything that might be logged. */
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

    public static String type(String digits) {
        if (digits == null) {
            return null;
        }
        return digits.length() == 14 ? "CNPJ" : digits.length() == 11 ? "CPF" : null;
    }

    /** "***.456.789-**"-style: only the middle digits show, enough to tell two documents apart in a log. */
    public static String mask(String document) {
        if (document == null) {
            return null;
        }
        String digits = document.replaceAll("\\D", "");
        if (digits.length() < 6) {
            return "***";
        }
        return "***" + digits.substring(3, digits.length() - 2) + "**";
    }
}
