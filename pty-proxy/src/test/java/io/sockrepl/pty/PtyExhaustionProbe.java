package io.sockrepl.pty;

import java.util.ArrayList;
import java.util.List;

/** Run in a mount namespace whose devpts allows few ptys: opens proxies until one fails. */
public final class PtyExhaustionProbe {

    private PtyExhaustionProbe() {}

    public static void main(String[] args) throws Exception {
        List<PtySocketProxy> open = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                open.add(new PosixPtyProxy(SocketPairs.connected()[1], null, null));
            }
            System.out.println("no failure after " + open.size());
        } catch (PtyUnavailableException e) {
            System.out.println("opened " + open.size() + "; " + e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            open.forEach(PtySocketProxy::stop);
        }
    }
}
