package org.macronet.discovery;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Whether one macrostate coordinate of X and the same coordinate of Y agree on held-out pairs more
 * than they would if the pairing carried no information.
 *
 * @param coordinate 0-based index into the macrostate
 * @param spearman rank correlation ρ of m_X,c and m_Y,c over the pairs (the effect size: 1 = the two
 *     sides order the pairs identically, 0 = no agreement)
 * @param nullMean mean of ρ over shuffled pairings (≈ 0)
 * @param nullSd standard deviation of ρ over shuffled pairings (≈ 1/√(N−1))
 * @param z (ρ − nullMean) / nullSd, how many null standard deviations the agreement stands above chance
 * @param pValue one-sided permutation p-value, (1 + #{shuffles with ρ ≥ observed}) / (1 + shuffles)
 * @param relativeMismatch mean (m_X,c − m_Y,c)² over the pairs divided by its expectation over all
 *     shuffled pairings (1 = chance, 0 = perfect agreement); unlike the raw mismatch it cannot be made
 *     small by shrinking the coordinate
 * @param conditionalSpearman for coordinates after the first: the rank correlation of what is left of
 *     m_X,c and m_Y,c once each is predicted from its own side's earlier coordinates (10-nearest-neighbour
 *     regression): the agreement the coordinate adds. A coordinate that re-encodes the earlier ones (a
 *     function of them, which both sides can compute) agrees marginally but adds ≈ 0. Null for the first.
 * @param conditionalPValue its one-sided permutation p-value; null for the first coordinate
 * @param shared pValue &lt; alpha and spearman ≥ the minimum correlation of the options used, and for
 *     coordinates after the first the same of the conditional figures
 */
public record CoordinateEvidence(int coordinate, double spearman, double nullMean, double nullSd, double z,
        double pValue, double relativeMismatch, Double conditionalSpearman,
        @JsonProperty("conditional_p_value") Double conditionalPValue, boolean shared) {}
