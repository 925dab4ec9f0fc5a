package org.novalab.api.compute.keypair;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Key pairs made ahead of the request: each is RSA 2048 and goes to exactly one taker. */
class RsaKeyReserveTest {
    @Test
    void every_taker_gets_a_2048_bit_pair_of_its_own_even_when_many_ask_at_once() throws Exception {
        RsaKeyReserve reserve = new RsaKeyReserve();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<BigInteger>> takers = IntStream.range(0, 10).<Callable<BigInteger>>mapToObj(i ->
                    () -> ((RSAPublicKey) reserve.take().getPublic()).getModulus()).toList();
            List<BigInteger> moduli = pool.invokeAll(takers).stream().map(RsaKeyReserveTest::get).toList();
            assertThat(moduli).doesNotHaveDuplicates().allSatisfy(n -> assertThat(n.bitLength()).isEqualTo(2048));
        } finally {
            pool.shutdownNow();
        }
    }

    private static BigInteger get(Future<BigInteger> f) {
        try {
            return f.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
