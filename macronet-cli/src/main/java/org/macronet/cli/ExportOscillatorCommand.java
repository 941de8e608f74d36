package org.macronet.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.macronet.data.Table;
import org.macronet.experiment.OscillatorExperiment;
import org.macronet.random.Seeds;
import org.macronet.system.oscillator.OscillatorPairs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Hidden helper: the oscillator pairs of `macronet oscillator --seed S` as .npy files, to check that
 * `train` + `encode` on exported data reproduce the built-in experiment.
 */
@Command(name = "export-oscillator", hidden = true, mixinStandardHelpOptions = true,
        description = "Write x.npy, y.npy (training pairs) and test_x.npy, test_y.npy, test_energy.npy (held out), "
                + "sampled exactly as `macronet oscillator --seed S` samples them.")
public final class ExportOscillatorCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "output folder")
    Path out;

    @Option(names = "--seed", defaultValue = "1")
    long seed;

    @Option(names = "--pairs", defaultValue = "20000")
    int pairs;

    @Option(names = "--force")
    boolean force;

    @Override
    public Integer call() throws Exception {
        OscillatorExperiment.Options o = OscillatorExperiment.Options.defaults(seed).withPairs(pairs);
        OscillatorPairs sys = o.system();
        OscillatorPairs.Sample train = sys.sample(o.pairs(), seed);
        OscillatorPairs.Sample test = sys.sample(o.testPairs(), Seeds.stream(seed, "test").nextLong());
        try (RunFolder folder = RunFolder.create(out, force)) {
            Path d = folder.dir();
            new Table(List.of("q", "p"), train.data().x()).write(d.resolve("x.npy"));
            new Table(List.of("q", "p"), train.data().y()).write(d.resolve("y.npy"));
            new Table(List.of("q", "p"), test.data().x()).write(d.resolve("test_x.npy"));
            new Table(List.of("q", "p"), test.data().y()).write(d.resolve("test_y.npy"));
            double[][] e = new double[test.energy().length][];
            for (int i = 0; i < e.length; i++) {
                e[i] = new double[] {test.energy()[i]};
            }
            new Table(List.of("energy"), e).write(d.resolve("test_energy.npy"));
            folder.commit();
        }
        return 0;
    }
}
