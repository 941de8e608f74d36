package org.macronet.system.pattern;

/**
 * What a field looks like.
 *
 * @param patterned whether the field's spread std/max(|mean|, 0.01) exceeds {@link PatternAnalyzer#PATTERNED_CONTRAST}
 * @param wavelength dominant wavelength in grid cells, from the peak of the radially averaged power spectrum
 *     refined by the power-weighted mean |k| around it; NaN when not patterned
 * @param morphology the pattern family
 * @param coverage fraction of cells above the (Otsu) threshold; NaN when not patterned
 * @param mean field mean
 * @param std field standard deviation
 * @param highComponents number of 4-connected components above the threshold (0 when not patterned)
 * @param lowComponents number of components below the threshold (0 when not patterned)
 * @param coherence global orientation coherence of the gradient structure tensor, (λ₁ − λ₂)/(λ₁ + λ₂) in
 *     [0, 1]: near 1 for parallel stripes, near 0 for isotropic patterns; NaN when not patterned
 */
public record PatternDescriptors(boolean patterned, double wavelength, Morphology morphology, double coverage,
        double mean, double std, int highComponents, int lowComponents, double coherence) {}
