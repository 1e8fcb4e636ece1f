package io.sockrepl.server.agent;

import io.sockrepl.core.PrivateFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Properties;
import org.slf4j.LoggerFactory;

/**
 * Sends the log of a server injected into someone else's JVM to a file of its own (mode 0600),
 * not to the host's stderr. It configures the slf4j-simple copy inside sockrepl's isolated loader
 * only: that copy reads its settings from the context loader's {@code simplelogger.properties} at
 * its first use, which happens here, so the host's logging is untouched.
 */
final class AgentLog {

    private AgentLog() {}

    /** @param file the log file, or null to leave the log on this JVM's stderr */
    static void to(Path file) throws IOException {
        Properties settings = new Properties();
        if (file != null) {
            PrivateFiles.ensure(file);
            settings.setProperty("org.slf4j.simpleLogger.logFile", file.toString());
        }
        settings.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        settings.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSZ");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        settings.store(bytes, null);
        Thread thread = Thread.currentThread();
        ClassLoader context = thread.getContextClassLoader();
        thread.setContextClassLoader(new ClassLoader(AgentLog.class.getClassLoader()) {
            @Override
            public InputStream getResourceAsStream(String name) {
                return "simplelogger.properties".equals(name)
                        ? new ByteArrayInputStream(bytes.toByteArray())
                        : super.getResourceAsStream(name);
            }
        });
        try {
            LoggerFactory.getLogger(AgentLog.class).debug("logging configured");
        } finally {
            thread.setContextClassLoader(context);
        }
    }
}
