package org.macronet.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code macronet} command: finds macrostates of paired observations and designs microstates. */
@Command(name = "macronet", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Learn macrostates shared by two observations of a system, and design microstates for a target macrostate.",
        subcommands = {DemoCommand.class, OscillatorCommand.class, TrainCommand.class, EncodeCommand.class,
                DesignCommand.class, InspectCommand.class, ExportOscillatorCommand.class, ExportSystemCommand.class,
                SpearmanCommand.class, ScoreCommand.class,
                SimulateCommand.class, SweepCommand.class, TuringCommand.class,
                GalleryCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Builds the command line with every subcommand and the project's error handling. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(new ErrorHandler());
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
