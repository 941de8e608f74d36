package org.macronet.cli;

import org.macronet.engine.TensorEngine;
import picocli.CommandLine;

/**
 * Turns any failure of a command into one line on stderr naming the problem, and a non-zero exit
 * code; set MACRONET_DEBUG=1 to see the stack trace.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        if (TensorEngine.debug()) {
            ex.printStackTrace(cl.getErr());
        }
        cl.getErr().println("macronet " + cl.getCommandName() + ": error: " + firstLine(ex));
        return ex instanceof IllegalArgumentException || ex instanceof java.io.IOException ? 2 : 1;
    }

    /** The first line of an exception's message, or its class name when it has none. */
    static String firstLine(Exception ex) {
        String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        return msg.lines().findFirst().orElse(msg);
    }
}
