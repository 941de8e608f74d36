package org.macronet.random;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/** Derives independent, reproducible random streams from one root seed. */
public final class Seeds {
    private Seeds() {}

    /** A stream for one purpose (e.g. "init.x", "data", "shuffle"); same (seed, purpose) ⇒ same stream. */
    public static SplittableRandom stream(long rootSeed, String purpose) {
        long h = 0xcbf29ce484222325L;
        for (byte b : purpose.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ b) * 0x100000001b3L;
        }
        return new SplittableRandom(mix(rootSeed ^ mix(h)));
    }

    /** A stream for the i-th item of a purpose (e.g. the i-th simulation of a sweep). */
    public static SplittableRandom stream(long rootSeed, String purpose, long index) {
        return new SplittableRandom(mix(stream(rootSeed, purpose).nextLong() + mix(index + 0x9e3779b97f4a7c15L)));
    }

    /** Standard normal draw (Box–Muller, one value per call). */
    public static double gaussian(SplittableRandom rng) {
        double u1 = rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log1p(-u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** A uniformly random permutation of 0..n−1 (Fisher–Yates). */
    public static int[] permutation(int n, SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
