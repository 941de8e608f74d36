package org.macronet.cli;

import picocli.CommandLine;

/**
 * Turns any failure of a command into one line on stderr naming the problem, and a non-zero exit
 * code; set MACRONET_DEBUG=1 to see the stack trace.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        if (System.getenv("MACRONET_DEBUG") != null) {
            ex.printStackTrace(cl.getErr());
        }
        String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        cl.getErr().println("macronet " + cl.getCommandName() + ": error: " + msg.lines().findFirst().orElse(msg));
        return ex instanceof IllegalArgumentException || ex instanceof java.io.IOException ? 2 : 1;
    }
}
