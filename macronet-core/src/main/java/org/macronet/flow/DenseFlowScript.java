package org.macronet.flow;

/**
 * The TorchScript source of a {@link DenseFlow}'s forward pass (or of its transform, without log-det):
 * the very operations of DenseFlow's own forward, in the same order, written out block by block, so that
 * the engine runs the whole pass in one call with bit for bit the same results and gradients.
 *
 * <p>Inputs: x [B, D]; the span of the flow's parameters (every kind's values, kind after kind); α as a
 * 0-d tensor; for an affine coupling the factors of the last layer's rows ([blocks·out, 1] and
 * [blocks·out]); for random mixing the permutations [blocks, D] (int64).
 */
final class DenseFlowScript {
    private final StringBuilder out = new StringBuilder();
    private final int blocks;
    private final int dim;
    private final int split;
    private final int rest;
    private final int[] widths;
    private final boolean affine;
    private final boolean actNorm;
    private final boolean randomMixing;

    private DenseFlowScript(int blocks, int dim, int[] widths, boolean affine, boolean actNorm, boolean randomMixing) {
        this.blocks = blocks;
        this.dim = dim;
        this.split = dim / 2;
        this.rest = dim - split;
        this.widths = widths.clone();
        this.affine = affine;
        this.actNorm = actNorm;
        this.randomMixing = randomMixing;
    }

    /** The class body (a {@code forward} method) for {@link org.macronet.engine.ScriptFunction#compile}. */
    static String source(int blocks, int dim, int[] widths, boolean affine, boolean actNorm, boolean randomMixing,
            boolean logDet) {
        DenseFlowScript s = new DenseFlowScript(blocks, dim, widths, affine, actNorm, randomMixing);
        s.write(logDet);
        return s.out.toString();
    }

    private void line(String s) {
        out.append("    ").append(s).append('\n');
    }

    private void write(boolean logDet) {
        int layers = widths.length - 1;
        int outWidth = widths[layers];
        out.append("  def forward(self,\n      x: Tensor,\n      span: Tensor,\n      alpha: Tensor");
        if (affine) {
            out.append(",\n      wscale: Tensor,\n      bscale: Tensor");
        }
        if (randomMixing) {
            out.append(",\n      perms: Tensor");
        }
        out.append(") -> ").append(logDet ? "Tuple[Tensor, Tensor]" : "Tensor").append(":\n");
        // The views of DenseFlow.Views, cut the same way.
        StringBuilder sizes = new StringBuilder();
        if (actNorm) {
            sizes.append(blocks * dim).append(", ").append(blocks * dim).append(", ");
        }
        for (int l = 0; l < layers; l++) {
            sizes.append(blocks * widths[l + 1] * widths[l]).append(", ").append(blocks * widths[l + 1]);
            sizes.append(l < layers - 1 ? ", " : "");
        }
        line("parts = torch.split(span, [" + sizes + "], 0)");
        int p = 0;
        if (actNorm) {
            line("an_b = torch.split(torch.reshape(parts[" + p++ + "], [" + blocks + ", " + dim + "]), 1, 0)");
            line("by_block = torch.reshape(parts[" + p++ + "], [" + blocks + ", " + dim + "])");
            line("an_e = torch.split(torch.exp(by_block), 1, 0)");
            if (logDet) {
                line("an_s = torch.split(torch.sum(by_block, [1]), 1, 0)");
            }
        }
        for (int l = 0; l < layers; l++) {
            String w = "torch.reshape(parts[" + p++ + "], [" + blocks * widths[l + 1] + ", " + widths[l] + "])";
            String b = "parts[" + p++ + "]";
            if (l == layers - 1 && affine) {
                w = "torch.mul(" + w + ", wscale)";
                b = "torch.mul(" + b + ", bscale)";
            }
            // Every block's Wᵀ as a transposed view, as linear() takes it (linear(x, W, b) is addmm(b, x, Wᵀ)):
            // one transpose for all blocks instead of one per block and call.
            line("wt" + l + " = torch.unbind(torch.transpose(torch.reshape(" + w + ", [" + blocks + ", " + widths[l + 1]
                    + ", " + widths[l] + "]), 1, 2), 0)");
            line("b" + l + " = torch.split(" + b + ", " + widths[l + 1] + ", 0)");
        }
        line("h = x");
        boolean first = true;
        for (int k = 0; k < blocks; k++) {
            if (actNorm) {
                line("h = torch.mul(torch.add(h, an_b[" + k + "]), an_e[" + k + "])");
                if (logDet) {
                    line(first ? "ld = an_s[" + k + "]" : "ld = torch.add(ld, an_s[" + k + "])");
                    first = false;
                }
            }
            line("p = torch.split(h, [" + split + ", " + rest + "], 1)");
            line("st = p[0]");
            for (int l = 0; l < layers; l++) {
                line("st = torch.addmm(b" + l + "[" + k + "], st, wt" + l + "[" + k + "])");
                if (l < layers - 1) {
                    line("st = torch.gelu(st)");
                }
            }
            if (affine) {
                line("ts = torch.split(st, [" + rest + ", " + (outWidth - rest) + "], 1)");
                line("s = torch.mul(torch.tanh(ts[1]), alpha)");
                line("yb = torch.add(torch.mul(p[1], torch.exp(s)), ts[0])");
                if (logDet) {
                    String term = rest == 1 ? "s" : "torch.sum(s, [1], True)";
                    line(first ? "ld = " + term : "ld = torch.add(ld, " + term + ")");
                    first = false;
                }
            } else {
                line("yb = torch.add(p[1], st)");
            }
            if (!randomMixing && split == 1 && rest == 1) {
                line("h = torch.cat([yb, p[0]], 1)");
            } else {
                line("h = torch.cat([p[0], yb], 1)");
                line(randomMixing ? "h = torch.index_select(h, 1, torch.select(perms, 0, " + k + "))"
                        : "h = torch.flip(h, [1])");
            }
        }
        if (!logDet) {
            line("return h");
        } else if (affine) {
            line("return (h, torch.reshape(ld, [torch.size(x, 0)]))");
        } else if (actNorm) {
            // new_ones/new_zeros: x's type and device, as the op-by-op pass's manager.ones/zeros.
            line("return (h, torch.mul(torch.new_ones(x, [torch.size(x, 0)]), ld))");
        } else {
            line("return (h, torch.new_zeros(x, [torch.size(x, 0)]))");
        }
    }
}
