package org.macronet.macro;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.macronet.flow.FlowResult;
import org.macronet.flow.FlowSequence;
import org.macronet.flow.ParameterSet;

/** One side of MacroNet: standardisation followed by an invertible flow F(x) = (m, z). */
final class Encoder implements AutoCloseable {
    final ParameterSet params;
    final FlowSequence flow;
    final int dim;
    Standardizer standardizer;

    Encoder(ParameterSet params, FlowSequence flow, int dim) {
        this.params = params;
        this.flow = flow;
        this.dim = dim;
    }

    FlowResult forward(NDArray standardized) {
        return flow.forward(standardized);
    }

    NDArray inverse(NDArray latent) {
        return flow.inverse(latent).output();
    }

    NDManager manager() {
        return params.manager();
    }

    @Override
    public void close() {
        params.close();
    }
}
