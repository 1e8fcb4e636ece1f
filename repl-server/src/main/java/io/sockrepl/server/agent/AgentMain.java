package io.sockrepl.server.agent;

import io.sockrepl.core.Address;
import io.sockrepl.server.ServerConfig;
import io.sockrepl.server.SockreplServer;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;

/**
 * Starts a server inside a JVM that did not plan for one; runs under sockrepl's own class loader
 * (see {@link AgentBootstrap}). Snippets see the application's classes through its class loader.
 */
public final class AgentMain {

    private AgentMain() {
    }

    /**
     * @return the effective address
     */
    public static String start(String address, String sessionFile, Instrumentation instrumentation,
                               ClassLoader application) throws IOException {
        Instrumentations.remember(instrumentation);
        Address where = Address.parse(address == null || address.isBlank()
                ? "sockrepl-" + ProcessHandle.current().pid() + ".sock" : address);
        ServerConfig.Builder config = ServerConfig.at(where).hostClassLoader(application);
        if (sessionFile != null && !sessionFile.isBlank()) {
            config.sessionFile(Path.of(sessionFile));
        }
        SockreplServer server = SockreplServer.start(config.build());
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "sockrepl-agent-stop"));
        return server.address().toString();
    }
}
