package org.macronet.cli;

import org.macronet.Version;
import picocli.CommandLine;

/** Prints the MacroNet version. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"macronet " + Version.VERSION};
    }
}
