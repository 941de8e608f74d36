/**
 * Invertible layers (couplings, mixing, normalisation, permutations) and their composition.
 * Contract of every layer: forward returns (y, log|det ∂y/∂x|), inverse returns (x, −log|det ∂y/∂x|).
 */
package org.macronet.flow;
