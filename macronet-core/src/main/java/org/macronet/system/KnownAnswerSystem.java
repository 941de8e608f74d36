package org.macronet.system;

import java.util.List;
import org.macronet.data.PairedData;

/**
 * A system whose shared macrostate is known exactly, to test macrostate discovery: pairs (X, Y) of
 * observations share {@link #invariantCount()} independent invariants and nothing else, so a method
 * should find a macrostate of that dimension K that is a function of them. Negative controls have
 * K = 0: X and Y are independent (or as good as), so nothing should be found.
 *
 * <p>Every random draw comes from named {@link org.macronet.random.Seeds} streams of the seed: the same
 * (n, seed) gives the same sample, bit for bit.
 */
public interface KnownAnswerSystem {

    /** Kebab-case id, e.g. {@code "two-oscillators"}. */
    String name();

    /** One line: what X, Y and the shared invariants are. */
    String description();

    /** The true number of independent shared invariants: the right macrostate dimension K; 0 for controls. */
    int invariantCount();

    /** Names of the columns of X. */
    List<String> xColumns();

    /** Names of the columns of Y. */
    List<String> yColumns();

    /**
     * Names of the scored invariant columns; an angle is scored as its cosine and sine, so there may be
     * more columns than {@link #invariantCount()}. Empty for negative controls.
     */
    List<String> invariantColumns();

    /** n pairs with their true invariants, drawn from streams of the seed; n ≥ 1. */
    Sample sample(int n, long seed);

    /**
     * Pairs with their ground truth.
     *
     * @param data n rows of X (xColumns) paired with n rows of Y (yColumns)
     * @param invariants n rows × invariantColumns().size(): the true values shared by pair i, computed
     *     from the noise-free state (rows of length 0 for negative controls)
     */
    record Sample(PairedData data, double[][] invariants) {
        public Sample {
            if (invariants.length != data.rows()) {
                throw new IllegalArgumentException("invariants have " + invariants.length + " rows for " + data.rows()
                        + " pairs");
            }
        }
    }

    /** Refuses a sample size below 1 with a message naming it. */
    static void checkPairs(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("number of pairs must be >= 1, got " + n);
        }
    }
}
