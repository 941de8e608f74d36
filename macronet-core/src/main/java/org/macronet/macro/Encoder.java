package org.macronet.macro;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.macronet.flow.FlowResult;
import org.macronet.flow.InvertibleLayer;
import org.macronet.flow.ParameterSet;

/**
 * One side of MacroNet: standardisation followed by an invertible flow F(x) = (m, z). Rows are flat
 * ([B, D]) on both ends; an image encoder reshapes them to [B, C, H, W] for its flow.
 */
final class Encoder implements AutoCloseable {
    final ParameterSet params;
    final InvertibleLayer flow;
    final int dim;
    /** {C, H, W} for an image encoder, null for a dense one. */
    private final long[] image;
    /** Whether the rows are images (standardised with pooled statistics), whatever the flow. */
    private final boolean pixels;
    Standardizer standardizer;

    /**
     * @param image {C, H, W} when the flow takes images, null when it takes flat rows
     * @param pixels whether the rows are images (also for a dense flow on flattened images)
     */
    Encoder(ParameterSet params, InvertibleLayer flow, int dim, long[] image, boolean pixels) {
        this.params = params;
        this.flow = flow;
        this.dim = dim;
        this.image = image;
        this.pixels = pixels || image != null;
    }

    /** Rows per chunk when a whole data set is pushed through: bounds the activations' memory. */
    int chunkRows() {
        return pixels ? 256 : 8192;
    }

    /** Standardiser for this side's training rows: per column, or pooled over all pixels of an image. */
    Standardizer fitStandardizer(double[][] rows) {
        return pixels ? Standardizer.fitPooled(rows) : Standardizer.fit(rows);
    }

    private NDArray shaped(NDArray flat) {
        return image == null ? flat : flat.reshape(flat.getShape().get(0), image[0], image[1], image[2]);
    }

    /** F on standardised rows [B, D]; the output is the flat latent [B, D]. */
    FlowResult forward(NDArray standardized) {
        return flow.forward(shaped(standardized));
    }

    /** F on standardised rows [B, D] without the log-determinant: the flat latent [B, D] (encoding). */
    NDArray transform(NDArray standardized) {
        return flow.transform(shaped(standardized));
    }

    /** Data-dependent initialisation (ActNorm) on standardised rows [B, D]. */
    void initialize(NDArray standardized) {
        flow.initialize(shaped(standardized));
    }

    /** F⁻¹ of flat latents [B, D], as standardised rows [B, D]. */
    NDArray inverse(NDArray latent) {
        NDArray x = flow.inverse(latent).output();
        return image == null ? x : x.reshape(x.getShape().get(0), dim);
    }

    NDManager manager() {
        return params.manager();
    }

    @Override
    public void close() {
        params.close();
    }
}
