package org.macronet.cli;

import java.util.List;
import org.macronet.console.LauncherStderr;
import org.macronet.engine.TensorEngine;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code macronet} command: finds macrostates of paired observations and designs microstates. */
@Command(name = "macronet", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Learn macrostates shared by two observations of a system, and design microstates for a target macrostate.",
        footer = {"", "Environment: MACRONET_DEVICE, MACRONET_THREADS and MACRONET_WORKERS (defaults of --device,",
                "--threads and --workers),",
                "MACRONET_DEBUG=1 (stack traces, and the JVM's and PyTorch's own warnings)."},
        subcommands = {DemoCommand.class, OscillatorCommand.class, TrainCommand.class, EncodeCommand.class,
                DesignCommand.class, InspectCommand.class, ExportOscillatorCommand.class, ExportSystemCommand.class,
                SpearmanCommand.class, ScoreCommand.class,
                SimulateCommand.class, SweepCommand.class, TuringCommand.class,
                GalleryCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--device", paramLabel = "DEVICE", description = "where the networks run: cpu, gpu or gpu:N "
            + "(default: $MACRONET_DEVICE, else cpu); gpu needs a CUDA build (README: GPU)")
    String device;

    @Option(names = "--threads", paramLabel = "N", description = "CPU threads of the tensor engine (default: "
            + "$MACRONET_THREADS, else 1: fastest for the small dense networks, and bit-reproducible); the "
            + "--threads of sweep and turing are simulation workers")
    Integer threads;

    @Option(names = "--workers", paramLabel = "N|auto", description = "data-parallel workers of training steps "
            + "and of periodic images' encodings, one core each (default: $MACRONET_WORKERS, else auto: 2 for "
            + "convolutional image encoders at batches of 32 or more on a machine with 2 or more cores and --threads "
            + "1, else 1). A seed gives the same weights bit for bit for a given number of workers and threads")
    String workers;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The engine settings of this command line: its options over the environment's. */
    TensorEngine.Settings engineSettings() {
        TensorEngine.Settings s = TensorEngine.Settings.fromEnvironment();
        if (device != null) {
            s = s.withDevice(device);
        }
        if (threads != null) {
            s = s.withThreads(threads);
        }
        if (workers != null) {
            s = s.withWorkers(TensorEngine.Settings.parseWorkers(workers));
        }
        return s;
    }

    /** Builds the command line with every subcommand and the project's error handling. */
    public static CommandLine commandLine() {
        Main main = new Main();
        CommandLine cl = new CommandLine(main);
        cl.setExecutionExceptionHandler(new ErrorHandler());
        HelpText.reflow(cl);
        cl.setExecutionStrategy(parsed -> {
            Integer refused = configureEngine(main, parsed);
            return refused != null ? refused : new CommandLine.RunLast().execute(parsed);
        });
        return cl;
    }

    /**
     * Hands the global options to the tensor engine before any command runs; a GPU is checked at once. Returns
     * the exit code of a refusal (one line on stderr), or null to go on.
     */
    private static Integer configureEngine(Main main, CommandLine.ParseResult parsed) {
        List<CommandLine> commands = parsed.asCommandLineList();
        CommandLine last = commands.get(commands.size() - 1);
        boolean helpOnly = commands.stream().anyMatch(c -> c.isUsageHelpRequested() || c.isVersionHelpRequested())
                || last.getCommand() instanceof CommandLine.HelpCommand || commands.size() == 1;
        try {
            TensorEngine.Settings s = main.engineSettings();
            TensorEngine.configure(s);
            if (s.gpu() && !helpOnly) {
                TensorEngine.start();
            }
            return null;
        } catch (RuntimeException e) {
            if (TensorEngine.debug()) {
                e.printStackTrace(last.getErr());
            }
            String name = last == parsed.commandSpec().commandLine() ? "macronet" : "macronet " + last.getCommandName();
            last.getErr().println(name + ": error: " + ErrorHandler.firstLine(e));
            return e instanceof IllegalArgumentException ? 2 : 1;
        }
    }

    public static void main(String[] args) {
        LauncherStderr.reclaim();
        System.exit(commandLine().execute(args));
    }
}
