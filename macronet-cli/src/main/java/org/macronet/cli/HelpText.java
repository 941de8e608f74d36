package org.macronet.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The commands' descriptions as paragraphs. In the sources a description is written as lines of about 100
 * characters, which picocli would print one by one, each wrapped again at the terminal's width (a long line
 * and a stub). Here the lines of one paragraph are joined, so that picocli wraps the paragraph as a whole: a
 * line continues the paragraph of the line before it unless that one ends a sentence ('.' or ':'). Picocli
 * reads descriptions as format strings, so a '%' that is not already an escape or a line break is escaped.
 */
final class HelpText {
    private HelpText() {}

    /** Rewrites the description of the command and of every subcommand, at any depth. */
    static void reflow(CommandLine cl) {
        CommandSpec spec = cl.getCommandSpec();
        spec.usageMessage().description(paragraphs(spec.usageMessage().description()));
        cl.getSubcommands().values().forEach(HelpText::reflow);
    }

    static String[] paragraphs(String[] lines) {
        List<String> out = new ArrayList<>();
        StringBuilder current = null;
        for (String raw : lines) {
            String line = raw.strip();
            boolean continues = current != null && !line.isEmpty() && !current.isEmpty()
                    && ".:".indexOf(current.charAt(current.length() - 1)) < 0;
            if (continues) {
                current.append(' ').append(line);
            } else {
                if (current != null) {
                    out.add(current.toString());
                }
                current = new StringBuilder(line);
            }
        }
        if (current != null) {
            out.add(current.toString());
        }
        return out.stream().map(p -> p.replaceAll("%(?![n%])", "%%")).toArray(String[]::new);
    }
}
