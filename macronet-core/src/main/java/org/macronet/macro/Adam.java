package org.macronet.macro;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.ArrayList;
import java.util.List;
import org.macronet.flow.ParameterSet;

/**
 * Adam over the trainable values of a fixed list of parameter sets, one fused engine call per set (each
 * set keeps its values in one flat buffer), with optional clipping of the global gradient norm (applied
 * through the update's gradient rescale, at no extra pass).
 */
final class Adam {
    /** Selects a whole tensor of any rank (for in-place fills). */
    static final NDIndex ALL = new NDIndex("...");
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPS = 1e-8f;

    private final List<ParameterSet> sets;
    private final List<NDArray> means = new ArrayList<>();
    private final List<NDArray> variances = new ArrayList<>();
    private long step;
    private double lastNorm = Double.NaN;

    Adam(List<ParameterSet> sets) {
        this.sets = List.copyOf(sets);
        for (ParameterSet s : this.sets) {
            NDArray w = s.trainableValues();
            means.add(w.zerosLike());
            variances.add(w.zerosLike());
        }
    }

    long steps() {
        return step;
    }

    /** Copies of the first moments, one per trainable tensor in the sets' creation order (for checkpoints). */
    List<float[]> means() {
        return perTensor(means);
    }

    /** Copies of the second moments, one per trainable tensor in the sets' creation order (for checkpoints). */
    List<float[]> variances() {
        return perTensor(variances);
    }

    private List<float[]> perTensor(List<NDArray> moments) {
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < sets.size(); i++) {
            out.addAll(sets.get(i).perTensor(moments.get(i).toFloatArray()));
        }
        return out;
    }

    /** Restores the state captured by {@link #steps}, {@link #means} and {@link #variances}, bit for bit. */
    void restore(long steps, List<float[]> m, List<float[]> v) {
        int tensors = sets.stream().mapToInt(s -> s.trainable().size()).sum();
        if (m.size() != tensors || v.size() != tensors) {
            throw new IllegalArgumentException("optimizer state holds " + m.size() + " tensors, the network has "
                    + tensors);
        }
        int t = 0;
        for (int i = 0; i < sets.size(); i++) {
            ParameterSet s = sets.get(i);
            List<NDArray> params = s.trainable();
            for (int j = 0; j < params.size(); j++) {
                long n = params.get(j).getShape().size();
                if (m.get(t + j).length != n || v.get(t + j).length != n) {
                    throw new IllegalArgumentException("optimizer state tensor " + (t + j) + " does not match the network");
                }
            }
            means.get(i).set(s.flatten(m.subList(t, t + params.size())));
            variances.get(i).set(s.flatten(v.subList(t, t + params.size())));
            t += params.size();
        }
        this.step = steps;
    }

    /**
     * Applies one update from the gradients recorded in {@code scratch}, the scope of this step's batches
     * (see {@link ParameterSet#gradient}).
     *
     * @param scratch manager that owns this step's batches and temporaries
     * @param lr learning rate of this step
     * @param clip global-norm clip, 0 for none
     * @return whether the update was applied (false when the gradient norm was not finite)
     */
    boolean update(NDManager scratch, double lr, double clip) {
        List<NDArray> grads = new ArrayList<>(sets.size());
        for (ParameterSet s : sets) {
            grads.add(s.gradient(scratch));
        }
        return update(grads, lr, clip);
    }

    /**
     * Applies one update from given flat gradients, one per set (see {@link ParameterSet#gradient}).
     *
     * @return whether the update was applied (false when the gradient norm was not finite)
     */
    boolean update(List<NDArray> grads, double lr, double clip) {
        // Σ g² tensor by tensor, added in creation order in float32: the norm (and so the clip) does not
        // depend on how the sets lay their buffers out.
        float sq = 0;
        boolean first = true;
        for (int i = 0; i < sets.size(); i++) {
            ParameterSet s = sets.get(i);
            NDArray g = grads.get(i);
            for (float q : s.squaredNorms(g)) {
                sq = first ? q : sq + q;
                first = false;
            }
        }
        // Measured every step: a finite loss can still have an infinite or NaN gradient (a spike near
        // the seam of a closed orbit), and one such update would poison the weights for good.
        double norm = Math.sqrt(sq);
        lastNorm = norm;
        if (!Double.isFinite(norm)) {
            return false;
        }
        step++;
        float rescale = clip > 0 && norm > clip ? (float) (clip / norm) : 1f;
        double bias = Math.sqrt(1 - Math.pow(BETA2, step)) / (1 - Math.pow(BETA1, step));
        for (int i = 0; i < sets.size(); i++) {
            NDArray w = sets.get(i).trainableValues();
            w.getNDArrayInternal().adamUpdate(new NDList(w, grads.get(i), means.get(i), variances.get(i)),
                    new NDList(w), (float) lr, (float) (lr * bias), 0f, rescale, -1f, BETA1, BETA2, EPS, true, false);
        }
        return true;
    }

    /** Global gradient norm (before clipping) of the last update. */
    double lastNorm() {
        return lastNorm;
    }
}
