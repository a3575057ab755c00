package io.despacho.testing;

import java.math.BigInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.despacho.shared.Cnj;

/** Fresh, valid CNJ numbers (check digits computed), distinct within a test run. */
public final class TestCnj {

    private static final AtomicLong SEQUENCE = new AtomicLong(System.nanoTime() % 9_000_000L);

    private TestCnj() {
    }

    public static Cnj next() {
        String sequence = String.format("%07d", SEQUENCE.incrementAndGet() % 10_000_000L);
        String rest = "2024" + "8" + "26" + "0100";
        int check = 98 - new BigInteger(sequence + rest + "00").mod(BigInteger.valueOf(97)).intValue();
        return new Cnj(sequence + String.format("%02d", check) + rest);
    }
}
