package org.macronet.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.macronet.data.Table;
import org.macronet.stats.Stats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Hidden helper: |Spearman ρ| between the first columns of two tables of equal length. */
@Command(name = "spearman", hidden = true, mixinStandardHelpOptions = true,
        description = "Print |Spearman rho| between the first columns of two .npy/.csv tables.")
public final class SpearmanCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0")
    Path a;

    @Parameters(index = "1")
    Path b;

    @Override
    public Integer call() throws Exception {
        Table ta = Table.read(a);
        Table tb = Table.read(b);
        if (ta.rowCount() != tb.rowCount()) {
            throw new IllegalArgumentException(a + " has " + ta.rowCount() + " rows but " + b + " has " + tb.rowCount());
        }
        double rho = Math.abs(Stats.spearman(Stats.column(ta.rows(), 0), Stats.column(tb.rows(), 0)));
        spec.commandLine().getOut().printf(java.util.Locale.ROOT, "spearman_abs %.6f%n", rho);
        return 0;
    }
}
