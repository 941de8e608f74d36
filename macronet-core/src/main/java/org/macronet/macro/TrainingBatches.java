package org.macronet.macro;

import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.macronet.random.Seeds;

/**
 * The training batches of one epoch, in order: rows taken in the epoch's shuffle, each image at a random circular
 * shift and with N(0, noise²) added to every pixel (see {@link ImageEncoderSpec}). Batch s + 1 is filled on a
 * thread of its own while batch s trains, into the other of two buffers: for an image side, drawing a Gaussian per
 * pixel and shifting would otherwise run on one core while the workers wait. The batches are filled one after the
 * other from the same streams, so they are the same, bit for bit, whether filled ahead or not.
 */
final class TrainingBatches {
    private static final ExecutorService FILLER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "macronet-batches");
        t.setDaemon(true);
        return t;
    });

    private final float[] tx;
    private final float[] ty;
    private final int dx;
    private final int dy;
    private final int batch;
    private final int steps;
    private final ImageEncoderSpec image;
    private final int[] perm;
    private final SplittableRandom noise;
    private final SplittableRandom shifts;
    private final float[][] bx;
    private final float[][] by;
    /** The fill of the next batch, running or done; null when none was started. */
    private CompletableFuture<Void> next;

    /**
     * The batches of {@code epoch} over the standardised training rows {@code tx} (dx columns) and {@code ty}
     * (dy columns), {@code steps} of {@code batch} rows; {@code image} is the Y side's image spec or null.
     */
    TrainingBatches(float[] tx, float[] ty, int dx, int dy, int batch, int steps, ImageEncoderSpec image, long seed,
            int epoch) {
        this.tx = tx;
        this.ty = ty;
        this.dx = dx;
        this.dy = dy;
        this.batch = batch;
        this.steps = steps;
        this.image = image;
        // Each epoch's order derives from (seed, epoch) alone, so a resumed run shuffles as an uninterrupted one.
        this.perm = Seeds.permutation(tx.length / dx, Seeds.stream(seed, "shuffle", epoch));
        this.noise = Seeds.stream(seed, "image-noise", epoch);
        this.shifts = Seeds.stream(seed, "image-shift", epoch);
        int buffers = image == null ? 1 : 2;
        this.bx = new float[buffers][batch * dx];
        this.by = new float[buffers][batch * dy];
    }

    /**
     * Batch {@code s} (steps are asked for in order, from 0); with an image side, starts filling batch s + 1.
     * The batch's arrays stay untouched until batch s + 2 is asked for.
     */
    TrainingStep.Batch get(int s) {
        int b = s % bx.length;
        if (next == null) {
            fill(s, bx[b], by[b]);
        } else {
            try {
                next.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
            next = null;
        }
        if (bx.length > 1 && s + 1 < steps) {
            int o = (s + 1) % bx.length;
            next = CompletableFuture.runAsync(() -> fill(s + 1, bx[o], by[o]), FILLER);
        }
        return new TrainingStep.Batch(bx[b], by[b], batch, dx, dy);
    }

    /** Waits for a fill still running (the epoch ended early). */
    void close() {
        if (next != null) {
            next.exceptionally(e -> null).join();
            next = null;
        }
    }

    private void fill(int s, float[] x, float[] y) {
        boolean shift = image != null && image.periodic();
        for (int i = 0; i < batch; i++) {
            int row = perm[s * batch + i];
            System.arraycopy(tx, row * dx, x, i * dx, dx);
            if (shift) {
                image.shift(ty, row * dy, y, i * dy, shifts.nextInt(image.height()), shifts.nextInt(image.width()));
            } else {
                System.arraycopy(ty, row * dy, y, i * dy, dy);
            }
        }
        double sigma = image == null ? 0 : image.noise();
        if (sigma > 0) {
            for (int i = 0; i < y.length; i++) {
                y[i] += (float) (sigma * Seeds.gaussian(noise));
            }
        }
    }
}
