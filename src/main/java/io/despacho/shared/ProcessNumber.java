package io.despacho.shared;

import java.util.Optional;

/**
 * A process number as a provider gives it: a CNJ when it is a valid one (then {@link #numero()} is its usual
 * formatting), else the number as the court formats it (processes numbered before Resolução CNJ 65/2008 move every
 * day). A number with the shape of a CNJ but wrong check digits is no number: it is a typo or a forgery.
 */
public record ProcessNumber(String numero, Optional<Cnj> cnj) {

    /** Longer "numbers" are no court's: the longest old numberings have some 30 characters. */
    public static final int MAX_LENGTH = 100;

    /** The number, or an {@link UnmappableException} saying why it is none. */
    public static ProcessNumber parse(String text) {
        if (text == null || text.isBlank()) {
            throw new UnmappableException("the process has no number");
        }
        Optional<Cnj> cnj = Cnj.parse(text);
        if (cnj.isPresent()) {
            return new ProcessNumber(cnj.get().formatted(), cnj);
        }
        if (Cnj.looksLikeCnj(text)) {
            throw new UnmappableException("the number has the shape of a CNJ number but its check digits do not match");
        }
        String numero = text.strip();
        if (numero.length() > MAX_LENGTH || numero.codePoints().anyMatch(Character::isISOControl)
                || numero.chars().noneMatch(Character::isDigit)) {
            throw new UnmappableException("not a process number: no digits, control characters or over " + MAX_LENGTH
                    + " characters");
        }
        return new ProcessNumber(numero, Optional.empty());
    }

    /**
     * The identity of a process and its downstream key: the CNJ digits, else {@code <tribunal>:<numero>} (an empty
     * tribunal when the provider names none).
     */
    public static String key(String cnj, String tribunal, String numero) {
        if (cnj != null) {
            return cnj.replaceAll("\\D", "");
        }
        return (tribunal == null ? "" : tribunal.strip()) + ":" + numero;
    }
}
