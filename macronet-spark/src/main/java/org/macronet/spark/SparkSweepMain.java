package org.macronet.spark;

import java.io.PrintWriter;
import org.macronet.console.LauncherStderr;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code macronet-spark.jar}: {@code spark-submit [--master M] macronet-spark.jar sweep MODEL
 * --range NAME=LO:HI ... --samples N --out URI}, and of {@code ./macronet sweep ... --spark MASTER}.
 */
@Command(name = "macronet-spark", mixinStandardHelpOptions = true,
        description = "MacroNet jobs on Apache Spark.", subcommands = {SparkSweepCommand.class})
public final class SparkSweepMain implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * The command line: any failure becomes one line on stderr and a non-zero exit (2: bad input, 1: the
     * job failed); set MACRONET_DEBUG=1 for the stack trace.
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new SparkSweepMain());
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("macronet " + c.getCommandName() + ": error: " + firstLine(ex.getMessage())
                    + " (see --help)");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            PrintWriter err = c.getErr();
            if (System.getenv("MACRONET_DEBUG") != null) {
                ex.printStackTrace(err);
            }
            err.println("macronet " + c.getCommandName() + ": error: " + firstLine(ex.getMessage() == null
                    ? ex.getClass().getSimpleName() : ex.getMessage()));
            return ex instanceof IllegalArgumentException || ex instanceof java.io.IOException ? 2 : 1;
        });
        return cl;
    }

    static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse(s).strip();
    }

    public static void main(String[] args) {
        LauncherStderr.reclaim();
        int code = commandLine().execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }
}
