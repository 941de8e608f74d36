package org.macronet.system.reaction;

/**
 * Derives independent seeds from one root seed and an index (SplitMix64 finaliser), so that sample i of a
 * batch gets the same seed whatever thread runs it and in whatever order.
 */
public final class Seeds {
    /** Stream tags: distinct derived seeds for the distinct uses of one root seed. */
    public static final long PARAMETERS = 0x5041_5241_4D53L;
    public static final long SIMULATIONS = 0x5349_4D55_4CL;

    private Seeds() {}

    /** A well-mixed seed for (root, stream, index); different triples give unrelated seeds. */
    public static long derive(long root, long stream, long index) {
        return mix(mix(root ^ mix(stream)) + index * 0x9E37_79B9_7F4A_7C15L);
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }
}
