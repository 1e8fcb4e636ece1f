package io.sockrepl.server.agent;

import io.sockrepl.core.Address;
import io.sockrepl.core.log.LogLines;
import io.sockrepl.pty.NativeAccess;
import io.sockrepl.server.ServerConfig;
import io.sockrepl.server.SockreplServer;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;

/**
 * Starts a server inside a JVM that did not plan for one; runs under sockrepl's own class loader
 * (see {@link AgentBootstrap}). Snippets run in the application's class loader, found when they
 * first need it (a {@code -javaagent} starts before the application has made its loaders).
 */
public final class AgentMain {

    /** The agent argument {@code log} that keeps the log on the host's stderr. */
    static final String LOG_TO_STDERR = "-";

    private AgentMain() {}

    /**
     * @param loaderClass a class whose loader snippets run in; null or empty to find the application's
     * @param log         the log file; null or empty for one next to the socket, {@code -} for stderr
     * @param audit       the audit log; null or empty for one next to the socket, {@code -} for none
     * @param ended       run once the server has stopped, so that a later inject starts a fresh one
     * @return the effective address
     */
    public static String start(
            String address,
            String sessionFile,
            Instrumentation instrumentation,
            String loaderClass,
            String log,
            String audit,
            Runnable ended)
            throws IOException {
        Instrumentations.remember(instrumentation);
        Address where = Address.parse(
                        address == null || address.isBlank()
                                ? "sockrepl-" + ProcessHandle.current().pid() + ".sock"
                                : address)
                .absolute();
        Path logFile = logFile(where, log);
        java.io.Closeable logging = logFile == null ? () -> {} : LogLines.toFile(logFile);
        ServerConfig.Builder config = ServerConfig.at(where)
                .findClassLoader(loaderClass == null || loaderClass.isBlank() ? null : loaderClass)
                .logFile(logFile);
        if (audit != null && !audit.isBlank()) {
            config.auditLog(LOG_TO_STDERR.equals(audit) ? null : Path.of(audit).toAbsolutePath());
        }
        if (sessionFile != null && !sessionFile.isBlank()) {
            config.sessionFile(Path.of(sessionFile));
        }
        SockreplServer server;
        try {
            server = SockreplServer.start(config.build());
        } catch (IOException | RuntimeException e) {
            logging.close();
            throw e;
        }
        Thread hook = new Thread(server::close, "sockrepl-agent-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        Thread watch = new Thread(() -> endWith(server, hook, logging, ended), "sockrepl-agent-end");
        watch.setDaemon(true);
        watch.start();
        return server.address().toString();
    }

    /** Once a {@code stop} ended the server, nothing of it stays behind to claim the JVM. */
    private static void endWith(SockreplServer server, Thread hook, java.io.Closeable logging, Runnable ended) {
        try {
            server.awaitTermination();
        } catch (InterruptedException e) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is ending: the hook is running or ran
        }
        if (server.consoleSessionsEnded()) {
            NativeAccess.release();
        } else {
            org.slf4j.LoggerFactory.getLogger(AgentMain.class)
                    .warn("a console session outlived the server: its terminal's native resources stay");
        }
        try {
            logging.close();
        } catch (IOException e) {
            // the last lines may be lost with the file
        }
        ended.run();
    }

    /** A guest in someone else's JVM keeps quiet there: its log goes next to its socket. */
    private static Path logFile(Address where, String log) throws IOException {
        if (LOG_TO_STDERR.equals(log)) {
            return null;
        }
        if (log != null && !log.isBlank()) {
            return Path.of(log).toAbsolutePath();
        }
        return LogLines.defaultFile(where);
    }
}
