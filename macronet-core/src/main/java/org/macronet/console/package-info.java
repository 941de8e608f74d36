/** What the command-line front ends share about the console: the launcher's stderr hand-over. */
package org.macronet.console;
