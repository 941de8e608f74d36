package org.macronet.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/** Tensor operations that the engine has and DJL's API does not call (through {@link ScriptFunction}s). */
public final class Tensors {
    private Tensors() {}

    /**
     * Cuts a tensor along {@code axis} into consecutive pieces of the given sizes (views), as one operation:
     * the gradient of the whole is the pieces' gradients side by side (zeros for an unused piece). DJL's
     * {@code split} cuts with one slice per piece instead, and the gradient of each slice is a zero-filled
     * tensor of the whole's size, added to the others.
     */
    public static NDList split(NDArray x, long[] sizes, int axis) {
        StringBuilder list = new StringBuilder();
        for (long s : sizes) {
            list.append(list.length() == 0 ? "" : ", ").append(s);
        }
        ScriptFunction f = ScriptFunction.of("MacroNetSplit", "  def forward(self,\n      x: Tensor) -> List[Tensor]:\n"
                + "    return torch.split(x, [" + list + "], " + axis + ")\n");
        return f.call(new NDList(x));
    }
}
