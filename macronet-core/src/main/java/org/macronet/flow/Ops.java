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

    /**
     * A float32 scalar on the batch's manager, for arithmetic with a constant inside the layers.
     * Use it instead of {@code NDArray.mul(Number)} or {@code div(Number)}: DJL turns the number into a
     * tensor over a Java direct buffer and closes it as soon as the call returns, but autograd keeps
     * that tensor for the backward pass (the gradient of a product needs the other factor). A garbage
     * collection in between frees the buffer, and the backward pass then reads freed memory: NaN or
     * huge gradients, at random times, so that runs with one seed differ. A scalar on the batch's
     * manager lives until the batch's scope closes, after the backward pass.
     */
    static NDArray constant(float value, NDArray batch) {
        return batch.getManager().create(value);
    }

    /** A [B] tensor holding the same scalar (a [1] or [] tensor) for every sample of the batch. */
    static NDArray perSample(NDArray scalar, NDArray batch) {
        long b = batch.getShape().get(0);
        return batch.getManager().ones(new ai.djl.ndarray.types.Shape(b)).mul(scalar);
    }
}
