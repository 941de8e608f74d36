package org.macronet.flow;

import ai.djl.ndarray.NDArray;

/**
 * Output of an invertible map applied to a batch.
 *
 * @param output the mapped batch: same shape as the input for most layers, same number of values per
 *     sample for the reshaping image layers ({@link Squeeze}, {@link MultiScaleFlow})
 * @param logDet per-sample log|det J| of the map that was applied, shape [B]; for an inverse pass
 *     this is −log|det J| of the forward map at the returned point
 */
public record FlowResult(NDArray output, NDArray logDet) {}
