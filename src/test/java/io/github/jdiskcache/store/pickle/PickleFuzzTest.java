package io.github.jdiskcache.store.pickle;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Random and mutated bytes never get anything but a value or an {@link UnpicklingException} out of
 * the reader: no other exception, no error, no hang. Fixed seed, so a failure is repeatable.
 */
class PickleFuzzTest {
    private static final long SEED = 0x5EED_13L;
    private static final int RANDOM_INPUTS = 100_000;
    private static final int MUTATED_INPUTS = 200_000;

    @Test
    void randomBytesGetAValueOrATypedError() {
        Random random = new Random(SEED);
        for (int i = 0; i < RANDOM_INPUTS; i++) {
            byte[] input = new byte[random.nextInt(48)];
            random.nextBytes(input);
            if (input.length > 2 && random.nextBoolean()) {
                input[0] = (byte) 0x80;
                input[1] = (byte) (2 + random.nextInt(4));
            }
            load(input);
        }
    }

    @Test
    void mutatedPicklesGetAValueOrATypedError() {
        Random random = new Random(SEED + 1);
        List<byte[]> corpus = new ArrayList<>();
        for (Object value : PlainSamples.values()) {
            byte[] pickle = Pickles.dumps(value, 5);
            if (pickle.length < 4096) {
                corpus.add(pickle);
            }
        }
        for (int i = 0; i < MUTATED_INPUTS; i++) {
            byte[] input = corpus.get(random.nextInt(corpus.size())).clone();
            int mutations = 1 + random.nextInt(4);
            for (int m = 0; m < mutations && input.length > 0; m++) {
                int at = random.nextInt(input.length);
                switch (random.nextInt(3)) {
                    case 0 -> input[at] = (byte) random.nextInt(256);
                    case 1 -> input[at] = (byte) (input[at] ^ (1 << random.nextInt(8)));
                    default -> input = java.util.Arrays.copyOf(input, at); // cut short
                }
            }
            load(input);
        }
    }

    private static void load(byte[] input) {
        try {
            Pickles.loads(input);
        } catch (UnpicklingException expected) {
            // the one failure the reader may report
        } catch (Throwable other) {
            fail("input " + HexFormat.of().formatHex(input) + " threw " + other, other);
        }
    }
}
