package org.macronet.flow;

import ai.djl.ndarray.NDArray;

/**
 * A bijection of R^D (D = product of the non-batch dimensions) with a tractable Jacobian determinant.
 *
 * <p>Inputs are batches of shape [B, ...]. {@code inverse(forward(x).output()).output()} equals x up to
 * float rounding, and the two log-determinants cancel. Parameters live in the {@link ParameterSet}
 * the layer was built with; a layer holds no per-batch state.
 */
public interface InvertibleLayer {

    /** y = f(x) and log|det ∂f/∂x| per sample. */
    FlowResult forward(NDArray x);

    /**
     * y = f(x) alone, for callers that need no log-determinant (encoding): the output of {@link #forward},
     * bit for bit; layers that can skip the log-determinant's work override it.
     */
    default NDArray transform(NDArray x) {
        return forward(x).output();
    }

    /** x = f⁻¹(y) and −log|det ∂f/∂x| at that x, per sample. */
    FlowResult inverse(NDArray y);

    /**
     * Data-dependent initialisation (ActNorm); the batch is the input this layer will see.
     * Returns the layer's output on that batch so that a container can initialise the next layer.
     */
    default NDArray initialize(NDArray x) {
        return forward(x).output();
    }
}
