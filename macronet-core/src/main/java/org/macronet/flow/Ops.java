package org.macronet.flow;

import ai.djl.ndarray.NDArray;

/** Small tensor helpers shared by the layers. */
final class Ops {
    private Ops() {}

    /**
     * Moves a tensor computed from parameters alone onto the batch's manager, so that it is freed
     * with the batch's scope instead of piling up on the long-lived parameter manager.
     */
    static NDArray local(NDArray fromParams, NDArray batch) {
        fromParams.attach(batch.getManager());
        return fromParams;
    }

    /** A [B] tensor holding the same scalar (a [1] or [] tensor) for every sample of the batch. */
    static NDArray perSample(NDArray scalar, NDArray batch) {
        long b = batch.getShape().get(0);
        return batch.getManager().ones(new ai.djl.ndarray.types.Shape(b)).mul(scalar);
    }
}
