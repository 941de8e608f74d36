package org.macronet.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Architecture of a flow on flat vectors: {@code blocks} × [ActNorm → coupling → mixing].
 *
 * @param blocks number of blocks, ≥ 1
 * @param hiddenWidth width of the conditioner's hidden layers, ≥ 1
 * @param hiddenLayers number of hidden layers of the conditioner, ≥ 1
 * @param clamp soft clamp α of the affine log-scale, &gt; 0
 * @param coupling "affine" (RealNVP) or "additive" (NICE)
 * @param mixing "reverse" (fixed reversal), "random" (fixed random permutation) or "lu" (learned invertible linear)
 * @param actNorm whether each block starts with ActNorm
 */
public record DenseFlowSpec(int blocks, int hiddenWidth, int hiddenLayers, float clamp, String coupling,
        String mixing, boolean actNorm) {

    public DenseFlowSpec {
        if (blocks < 1) {
            throw new IllegalArgumentException("blocks must be >= 1, got " + blocks);
        }
        if (hiddenWidth < 1 || hiddenLayers < 1) {
            throw new IllegalArgumentException("hidden width and layers must be >= 1, got " + hiddenWidth + ", " + hiddenLayers);
        }
        if (!(clamp > 0)) {
            throw new IllegalArgumentException("clamp must be > 0, got " + clamp);
        }
        if (!List.of("affine", "additive").contains(coupling)) {
            throw new IllegalArgumentException("coupling must be affine or additive, got " + coupling);
        }
        if (!List.of("reverse", "random", "lu").contains(mixing)) {
            throw new IllegalArgumentException("mixing must be reverse, random or lu, got " + mixing);
        }
    }

    /**
     * Default for small systems: 20 blocks with 32-wide conditioners. On the oscillator this learned the
     * macrostate faster and more exactly than shared/METHOD.md's reference (12 blocks, width 64) at
     * similar cost: for D = 2 every conditioner is a function of one coordinate, so depth (more
     * compositions) buys more than width.
     */
    public static DenseFlowSpec defaults() {
        return new DenseFlowSpec(20, 32, 2, 2f, "affine", "reverse", true);
    }

    /** Builds the flow for vectors of dimension {@code dim}; parameters are created in {@code params}. */
    public DenseFlow build(ParameterSet params, String prefix, int dim, SplittableRandom rng) {
        return new DenseFlow(this, params, prefix, dim, rng);
    }

    /**
     * The same flow (same function, parameter names and initial values for a seed) as separate layers
     * composed one by one: the reference that {@link DenseFlow} is checked against.
     */
    public FlowSequence buildLayers(ParameterSet params, String prefix, int dim, SplittableRandom rng) {
        if (dim < 2) {
            throw new IllegalArgumentException("an invertible encoder needs dimension >= 2, got " + dim);
        }
        int[] hidden = new int[hiddenLayers];
        java.util.Arrays.fill(hidden, hiddenWidth);
        List<InvertibleLayer> layers = new ArrayList<>();
        for (int b = 0; b < blocks; b++) {
            String n = prefix + ".block" + b;
            if (actNorm) {
                layers.add(new ActNorm(params, n + ".actnorm", dim));
            }
            layers.add(coupling.equals("affine")
                    ? new AffineCoupling(params, n + ".coupling", dim, hidden, clamp, rng)
                    : new AdditiveCoupling(params, n + ".coupling", dim, hidden, rng));
            layers.add(switch (mixing) {
                case "reverse" -> Permutation.reverse(params, n + ".mix", dim);
                case "random" -> Permutation.random(params, n + ".mix", dim, rng);
                default -> new InvertibleLinear(params, n + ".mix", dim, rng);
            });
        }
        return new FlowSequence(layers);
    }
}
