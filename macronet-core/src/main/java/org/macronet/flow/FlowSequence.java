package org.macronet.flow;

import ai.djl.ndarray.NDArray;
import java.util.List;

/** Composition f = f_n ∘ … ∘ f_1; log-determinants add. */
public final class FlowSequence implements InvertibleLayer {
    private final List<InvertibleLayer> layers;

    public FlowSequence(List<InvertibleLayer> layers) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a flow needs at least one layer");
        }
        this.layers = List.copyOf(layers);
    }

    public List<InvertibleLayer> layers() {
        return layers;
    }

    @Override
    public FlowResult forward(NDArray x) {
        NDArray h = x;
        NDArray logDet = null;
        for (InvertibleLayer layer : layers) {
            FlowResult r = layer.forward(h);
            h = r.output();
            logDet = logDet == null ? r.logDet() : logDet.add(r.logDet());
        }
        return new FlowResult(h, logDet);
    }

    @Override
    public NDArray transform(NDArray x) {
        NDArray h = x;
        for (InvertibleLayer layer : layers) {
            h = layer.transform(h);
        }
        return h;
    }

    @Override
    public FlowResult inverse(NDArray y) {
        NDArray h = y;
        NDArray logDet = null;
        for (int i = layers.size() - 1; i >= 0; i--) {
            FlowResult r = layers.get(i).inverse(h);
            h = r.output();
            logDet = logDet == null ? r.logDet() : logDet.add(r.logDet());
        }
        return new FlowResult(h, logDet);
    }

    @Override
    public NDArray initialize(NDArray x) {
        NDArray h = x;
        for (InvertibleLayer layer : layers) {
            h = layer.initialize(h);
        }
        return h;
    }
}
