package org.macronet.macro;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.ArrayList;
import java.util.List;

/**
 * Adam over a fixed list of tensors, one fused engine call per tensor, with optional clipping of
 * the global gradient norm (applied through the update's gradient rescale, at no extra pass).
 */
final class Adam {
    /** Selects a whole tensor of any rank (for in-place fills). */
    static final NDIndex ALL = new NDIndex("...");
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPS = 1e-8f;

    private final List<NDArray> params;
    private final List<NDArray> means = new ArrayList<>();
    private final List<NDArray> variances = new ArrayList<>();
    private long step;
    private double lastNorm = Double.NaN;

    Adam(List<NDArray> params) {
        this.params = List.copyOf(params);
        for (NDArray p : this.params) {
            means.add(p.zerosLike());
            variances.add(p.zerosLike());
        }
    }

    long steps() {
        return step;
    }

    /** Copies of the first moments, one per tensor in construction order (for checkpoints). */
    List<float[]> means() {
        return means.stream().map(NDArray::toFloatArray).toList();
    }

    /** Copies of the second moments, one per tensor in construction order (for checkpoints). */
    List<float[]> variances() {
        return variances.stream().map(NDArray::toFloatArray).toList();
    }

    /** Restores the state captured by {@link #steps}, {@link #means} and {@link #variances}, bit for bit. */
    void restore(long steps, List<float[]> m, List<float[]> v) {
        if (m.size() != means.size() || v.size() != variances.size()) {
            throw new IllegalArgumentException("optimizer state holds " + m.size() + " tensors, the network has "
                    + means.size());
        }
        for (int i = 0; i < means.size(); i++) {
            if (m.get(i).length != means.get(i).getShape().size() || v.get(i).length != variances.get(i).getShape().size()) {
                throw new IllegalArgumentException("optimizer state tensor " + i + " does not match the network");
            }
            means.get(i).set(m.get(i));
            variances.get(i).set(v.get(i));
        }
        this.step = steps;
    }

    /**
     * Applies one update from the accumulated gradients and clears them.
     *
     * @param scratch manager that owns this step's temporaries
     * @param lr learning rate of this step
     * @param clip global-norm clip, 0 for none
     * @return whether the update was applied (false when the gradient norm was not finite)
     */
    boolean update(NDManager scratch, double lr, double clip) {
        List<NDArray> grads = new ArrayList<>(params.size());
        NDArray sq = null;
        for (NDArray p : params) {
            NDArray g = p.getGradient();
            g.attach(scratch);
            grads.add(g);
            NDArray s = g.square().sum();
            sq = sq == null ? s : sq.add(s);
        }
        // Measured every step: a finite loss can still have an infinite or NaN gradient (a spike near
        // the seam of a closed orbit), and one such update would poison the weights for good.
        double norm = Math.sqrt(sq.getFloat());
        lastNorm = norm;
        boolean apply = Double.isFinite(norm);
        if (apply) {
            step++;
            float rescale = clip > 0 && norm > clip ? (float) (clip / norm) : 1f;
            double bias = Math.sqrt(1 - Math.pow(BETA2, step)) / (1 - Math.pow(BETA1, step));
            for (int i = 0; i < params.size(); i++) {
                NDArray w = params.get(i);
                w.getNDArrayInternal().adamUpdate(new NDList(w, grads.get(i), means.get(i), variances.get(i)),
                        new NDList(w), (float) lr, (float) (lr * bias), 0f, rescale, -1f, BETA1, BETA2, EPS, true,
                        false);
            }
        }
        // Gradients accumulate across backward passes: clear them for the next step.
        for (NDArray g : grads) {
            g.set(ALL, 0f);
        }
        return apply;
    }

    /** Global gradient norm (before clipping) of the last update. */
    double lastNorm() {
        return lastNorm;
    }

    /** Clears the accumulated gradients without updating (after a non-finite loss). */
    void discardGradients(NDManager scratch) {
        for (NDArray p : params) {
            NDArray g = p.getGradient();
            g.attach(scratch);
            g.set(ALL, 0f);
        }
    }
}
