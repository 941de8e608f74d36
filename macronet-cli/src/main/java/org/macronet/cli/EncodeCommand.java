package org.macronet.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.macronet.data.Table;
import org.macronet.macro.MacroNet;
import org.macronet.macro.Side;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `macronet encode`: the macrostate of every row of an observation file. */
@Command(name = "encode", mixinStandardHelpOptions = true,
        description = {"Write the macrostate m (the first K outputs of the side's network) of every row of --x or --y",
                "to --out: an [N, K] array (.npy, float64) or a .csv with header m1..mK."})
public final class EncodeCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "model folder written by train")
    Path model;

    static final class Input {
        @Option(names = "--x", required = true, paramLabel = "FILE", description = "observations of side X")
        Path x;

        @Option(names = "--y", required = true, paramLabel = "FILE", description = "observations of side Y")
        Path y;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "output .npy or .csv")
    Path out;

    @Option(names = "--force", description = "replace --out if it exists")
    boolean force;

    @Override
    public Integer call() throws Exception {
        Inputs.checkOutputFile(out, force);
        Side side = input.x != null ? Side.X : Side.Y;
        Path file = input.x != null ? input.x : input.y;
        try (MacroNet net = MacroNet.load(model)) {
            Table t = Inputs.read(file, side == Side.X ? "x" : "y");
            ModelInfo.checkColumns(file, t, net, side);
            double[][] m = net.encode(side, t.rows());
            new Table(Table.names("m", net.macroDims()), m).write(out);
            spec.commandLine().getOut().printf("%d macrostates (K=%d) of %s written to %s%n", m.length, net.macroDims(),
                    file, out);
        }
        return 0;
    }
}
