package io.sockrepl.it;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A command running under a real pseudo-terminal (100x30, xterm), and its screen. */
record Pty(PtyProcess process, Screen screen) {

    static Pty start(Path dir, List<String> command) throws IOException {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("TERM", "xterm-256color");
        PtyProcess p = new PtyProcessBuilder(command.toArray(String[]::new))
                .setEnvironment(env)
                .setDirectory(dir.toString())
                .setInitialColumns(100)
                .setInitialRows(30)
                .start();
        return new Pty(p, new Screen(p.getInputStream(), p.getOutputStream()));
    }

    /** Kills the command and closes its pty, which pty4j keeps open in this JVM until told. */
    void close() throws Exception {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        process.getInputStream().close();
        process.getOutputStream().close();
    }
}
