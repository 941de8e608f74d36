/**
 * Invertible layers (couplings, mixing, normalisation, permutations) and their composition; for images
 * ([B, C, H, W], periodic), squeeze, convolutional couplings and the multi-scale flow built by ConvFlowSpec.
 * Contract of every layer: forward returns (y, log|det ∂y/∂x|), inverse returns (x, −log|det ∂y/∂x|).
 */
package org.macronet.flow;
