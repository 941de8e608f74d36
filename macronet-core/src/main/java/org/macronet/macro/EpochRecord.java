package org.macronet.macro;

/**
 * Losses of one training epoch, in nats per sample (NLL) and squared macro distance (match).
 *
 * @param epoch 0-based epoch
 * @param lambda λ in effect this epoch
 * @param learningRate learning rate at the end of the epoch
 * @param trainLoss mean training loss with this epoch's λ (with the robust match term when
 *     {@link TrainingOptions#matchDelta()} &gt; 0, as {@code valLoss})
 * @param trainMatch mean ‖m_X − m_Y‖² on the training batches
 * @param valLoss validation loss with the final λ (what early stopping watches)
 * @param valMatch mean ‖m_X − m_Y‖² on the validation split
 * @param valNllX validation NLL of X's encoder (standardised units)
 * @param valNllY validation NLL of Y's encoder (standardised units)
 * @param maxGradNorm largest global gradient norm (before clipping) of this epoch
 * @param skippedSteps steps skipped because the loss or a gradient was not finite
 * @param seconds wall time since training started
 */
public record EpochRecord(int epoch, double lambda, double learningRate, double trainLoss, double trainMatch,
        double valLoss, double valMatch, double valNllX, double valNllY, double maxGradNorm, int skippedSteps,
        double seconds) {}
