package org.macronet.cli;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import java.util.Locale;

/**
 * Where stderr goes, and whether it is a terminal (progress bars) or a file or pipe (plain lines); the
 * launcher's stderr hand-over is {@link LauncherStderr}.
 */
final class Terminal {
    private static volatile Boolean stderrTerminal;

    private Terminal() {}

    /**
     * Whether stderr is a terminal: {@code -Dmacronet.progress=bar} or {@code lines} decides when given; else
     * the operating system's answer for descriptor 2; else whether the JVM has a console.
     */
    static boolean stderrIsTerminal() {
        Boolean t = stderrTerminal;
        if (t == null) {
            t = detect();
            stderrTerminal = t;
        }
        return t;
    }

    private static boolean detect() {
        String forced = System.getProperty("macronet.progress", "").strip().toLowerCase(Locale.ROOT);
        if (forced.equals("bar")) {
            return true;
        } else if (forced.equals("lines")) {
            return false;
        }
        try {
            Function isatty = NativeLibrary.getInstance("c").getFunction("isatty");
            return isatty.invokeInt(new Object[] {2}) == 1;
        } catch (RuntimeException | LinkageError e) {
            return System.console() != null;
        }
    }
}
