package org.macronet.system.reaction;

import java.math.BigDecimal;

/** Number formatting for messages: the shortest decimal that reads back as the same double, no trailing ".0". */
final class Fmt {
    private Fmt() {}

    static String num(double x) {
        if (!Double.isFinite(x)) {
            return Double.toString(x);
        }
        if (x == Math.rint(x) && Math.abs(x) < 1e15) {
            return Long.toString((long) x);
        }
        String s = Double.toString(x);
        // Double.toString uses E notation below 1e-3; plain decimals read better in messages.
        return s.contains("E") ? new BigDecimal(s).toPlainString() : s;
    }
}
