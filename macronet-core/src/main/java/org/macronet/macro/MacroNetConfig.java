package org.macronet.macro;

import org.macronet.flow.DenseFlowSpec;

/**
 * Everything that defines a MacroNet model and its training; written as JSON next to every model.
 *
 * @param dimX dimension of observation X, ≥ 2
 * @param dimY dimension of observation Y, ≥ 2
 * @param macroDims k, the number of macrostate coordinates, 1 ≤ k &lt; min(dimX, dimY)
 * @param flowX architecture of X's encoder
 * @param flowY architecture of Y's encoder
 * @param training optimisation settings
 * @param seed the root seed of everything random in the model and its training
 * @param imageY when not null, Y is an image, dimY = its C·H·W, and its encoder is its multi-scale
 *     convolutional flow ({@code flowY} is then unused) or, if it has none, {@code flowY} on the flattened image
 */
public record MacroNetConfig(int dimX, int dimY, int macroDims, DenseFlowSpec flowX, DenseFlowSpec flowY,
        TrainingOptions training, long seed, ImageEncoderSpec imageY) {

    /** Both sides dense. */
    public MacroNetConfig(int dimX, int dimY, int macroDims, DenseFlowSpec flowX, DenseFlowSpec flowY,
            TrainingOptions training, long seed) {
        this(dimX, dimY, macroDims, flowX, flowY, training, seed, null);
    }

    public MacroNetConfig {
        TrainingOptions.require(dimX >= 2 && dimY >= 2,
                "each observation needs at least 2 columns, got X: " + dimX + ", Y: " + dimY);
        TrainingOptions.require(macroDims >= 1, "macro dims must be >= 1, got " + macroDims);
        TrainingOptions.require(macroDims < Math.min(dimX, dimY),
                "macro dims K=" + macroDims + " must be smaller than the dimension of each side (X: " + dimX
                        + ", Y: " + dimY + ")");
        java.util.Objects.requireNonNull(flowX, "flowX");
        java.util.Objects.requireNonNull(flowY, "flowY");
        java.util.Objects.requireNonNull(training, "training");
        TrainingOptions.require(imageY == null || imageY.dim() == dimY,
                "Y has " + dimY + " columns but its image encoder expects " + (imageY == null ? 0 : imageY.dim()));
    }

    public int dim(Side side) {
        return side == Side.X ? dimX : dimY;
    }

    public MacroNetConfig withTraining(TrainingOptions t) {
        return new MacroNetConfig(dimX, dimY, macroDims, flowX, flowY, t, seed, imageY);
    }

    public MacroNetConfig withSeed(long s) {
        return new MacroNetConfig(dimX, dimY, macroDims, flowX, flowY, training, s, imageY);
    }
}
