package org.macronet.discovery;

import java.util.List;

/**
 * Evidence that a whole macrostate is shared by X and Y, from held-out pairs that training never saw,
 * compared with the same statistics on shuffled pairings (a permutation null: X and Y sharing nothing).
 *
 * @param rows held-out pairs scored
 * @param permutations shuffles of the pairing in each null distribution
 * @param mismatch mean ‖m_X − m_Y‖² over the pairs
 * @param shuffledMismatch its exact expectation over all shuffled pairings
 * @param relativeMismatch mismatch / shuffledMismatch (1 = chance, 0 = perfect agreement)
 * @param pValue one-sided permutation p-value of the mismatch, (1 + #{shuffles with a mismatch ≤
 *     observed}) / (1 + shuffles)
 * @param coordinates the evidence of each coordinate
 * @param options the thresholds used
 */
public record MacrostateEvidence(int rows, int permutations, double mismatch, double shuffledMismatch,
        double relativeMismatch, double pValue, List<CoordinateEvidence> coordinates, EvidenceOptions options) {

    public MacrostateEvidence {
        coordinates = List.copyOf(coordinates);
    }

    /** Effect size of the whole macrostate: 1 − relativeMismatch (0 = chance, 1 = perfect agreement). */
    public double effect() {
        return 1 - relativeMismatch;
    }

    /** Whether the whole macrostate agrees better than chance and every coordinate is shared. */
    public boolean allShared() {
        return pValue < options.alpha() && sharedCount() == coordinates.size();
    }

    /** How many coordinates show evidence. */
    public int sharedCount() {
        return (int) coordinates.stream().filter(CoordinateEvidence::shared).count();
    }

    /** The coordinate with the weakest agreement (lowest ρ). */
    public CoordinateEvidence weakest() {
        CoordinateEvidence w = coordinates.get(0);
        for (CoordinateEvidence c : coordinates) {
            if (c.spearman() < w.spearman()) {
                w = c;
            }
        }
        return w;
    }
}
