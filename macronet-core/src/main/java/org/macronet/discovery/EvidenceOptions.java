package org.macronet.discovery;

/**
 * How much evidence a macrostate coordinate needs before it is called shared.
 *
 * @param alpha significance level of each permutation test, in (0, 0.5)
 * @param minCorrelation smallest rank correlation between m_X and m_Y of a coordinate that counts as a
 *     shared coordinate, in [0, 1): significance alone is not enough on large data, where a coordinate
 *     that agrees a little better than chance is significant but is no macrostate
 * @param permutations shuffles of the pairing in each null distribution, ≥ 99 (the smallest p-value is
 *     1 / (permutations + 1))
 */
public record EvidenceOptions(double alpha, double minCorrelation, int permutations) {

    public EvidenceOptions {
        if (!(alpha > 0 && alpha < 0.5)) {
            throw new IllegalArgumentException("alpha must be in (0, 0.5), got " + alpha);
        }
        if (!(minCorrelation >= 0 && minCorrelation < 1)) {
            throw new IllegalArgumentException("minimum correlation must be in [0, 1), got " + minCorrelation);
        }
        if (permutations < 99) {
            throw new IllegalArgumentException("permutations must be >= 99, got " + permutations);
        }
    }

    public static EvidenceOptions defaults() {
        return new EvidenceOptions(0.01, 0.5, 999);
    }
}
