package org.macronet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HelpTextTest {

    @Test
    void linesOfOneSentenceBecomeOneParagraphAndSentenceEndsStartNewOnes() {
        String[] p = HelpText.paragraphs(new String[] {"Learn the macrostate of X and", "Y. Writes files:",
                "a model", "10% of the pairs, when K = 1 already fails,", "0 = it says nothing %n."});
        assertThat(p).containsExactly("Learn the macrostate of X and Y. Writes files:",
                "a model 10%% of the pairs, when K = 1 already fails, 0 = it says nothing %n.");
    }

    @Test
    void noHelpLineIsAStubOfAWrappedSourceLine() {
        CommandLine cl = Main.commandLine();
        for (String name : cl.getSubcommands().keySet()) {
            StringWriter text = new StringWriter();
            cl.getSubcommands().get(name).usage(new PrintWriter(text));
            String description = text.toString().split("\\R {0,6}-", 2)[0];
            String[] lines = description.lines().toArray(String[]::new);
            for (int i = 0; i + 1 < lines.length; i++) {
                boolean stub = lines[i].length() < 40 && !lines[i].isBlank() && !lines[i].startsWith("Usage:") && !lines[i].strip().endsWith(".")
                        && !lines[i].startsWith(" ") && !lines[i + 1].startsWith(" ");
                assertThat(stub).as("%s --help line '%s'", name, lines[i]).isFalse();
            }
        }
    }
}
