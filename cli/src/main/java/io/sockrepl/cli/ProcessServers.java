package io.sockrepl.cli;

import io.sockrepl.core.Address;
import io.sockrepl.core.SessionFile;
import io.sockrepl.core.SessionInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where sockrepl serves in a JVM, read from the outside, without attaching: the JVM's own command
 * line and working directory ({@code /proc}). Two kinds of JVM say it there: a {@code serve} JVM
 * (serving, or the standby beside the serving one, told apart by the session file they share) and
 * a JVM started with sockrepl's agent ({@code -javaagent:...sockrepl-agent.jar=ADDRESS}).
 */
final class ProcessServers {

    private static final String SERVE_CHILD = Main.class.getName() + " serve --child";

    private ProcessServers() {}

    /** What {@code ps} shows in its SOCKREPL column for this JVM, if its command line tells. */
    static Optional<String> of(long pid) {
        List<String> args = commandLine(pid);
        Optional<Path> cwd = workingDirectory(pid);
        if (args.isEmpty() || cwd.isEmpty()) {
            return Optional.empty();
        }
        if (isServeJvm(args)) {
            return serveJvm(pid, args, cwd.get());
        }
        for (String arg : args) {
            if (arg.startsWith("-javaagent:") && arg.contains("sockrepl-agent")) {
                return agentAddress(arg).map(a -> absolute(a, cwd.get()));
            }
        }
        return Optional.empty();
    }

    /** Whether a JVM's display name (main class and arguments) is that of a serve JVM. */
    static boolean isServeJvm(String displayName) {
        return displayName.startsWith(SERVE_CHILD);
    }

    private static boolean isServeJvm(List<String> args) {
        return String.join(" ", args).contains(SERVE_CHILD);
    }

    /** The address a serve JVM serves, or "standby for ADDRESS" for the one waiting beside it. */
    private static Optional<String> serveJvm(long pid, List<String> args, Path cwd) {
        String address = null;
        String session = SessionFile.DEFAULT_NAME;
        boolean launchedAsStandby = false;
        for (String arg : args.subList(args.indexOf("--child"), args.size())) {
            if (arg.startsWith("--session-file=")) {
                session = arg.substring("--session-file=".length());
            } else if (arg.equals("--as-standby")) {
                launchedAsStandby = true;
            } else if (!arg.startsWith("-")) {
                address = arg;
            }
        }
        if (address == null) {
            return Optional.empty();
        }
        String where = absolute(address, cwd);
        // a standby that took over after a restart keeps --as-standby: the session file names who serves
        Optional<Long> serving = "-".equals(session) ? Optional.empty() : servingPid(cwd.resolve(session));
        boolean standby = serving.map(p -> p != pid).orElse(launchedAsStandby);
        return Optional.of(standby ? "standby for " + where : where);
    }

    private static Optional<Long> servingPid(Path sessionFile) {
        try {
            return new SessionFile(sessionFile).read().map(SessionInfo::pid);
        } catch (IOException unreadable) {
            return Optional.empty();
        }
    }

    /** The address in sockrepl's agent arguments: a bare address, or {@code address=...}. */
    private static Optional<String> agentAddress(String javaagent) {
        int eq = javaagent.indexOf('=');
        if (eq < 0) {
            return Optional.empty();
        }
        String args = javaagent.substring(eq + 1);
        if (!args.contains("=")) {
            return args.isBlank() ? Optional.empty() : Optional.of(args.trim());
        }
        for (String pair : args.split(";")) {
            if (pair.trim().startsWith("address=")) {
                return Optional.of(pair.trim().substring("address=".length()));
            }
        }
        return Optional.empty();
    }

    /** A UNIX socket path against the JVM's working directory; other addresses as they are. */
    private static String absolute(String address, Path cwd) {
        try {
            Address a = Addresses.parse(address);
            return a.isUnix() ? cwd.resolve(a.path()).normalize().toString() : a.toString();
        } catch (CliFailure notAnAddress) {
            return address;
        }
    }

    private static List<String> commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline"));
            List<String> args = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < raw.length; i++) {
                if (raw[i] == 0) {
                    args.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
            return args;
        } catch (IOException | SecurityException gone) {
            // a JVM that ended since it was listed, or one /proc does not show us: it tells nothing
            return List.of();
        }
    }

    private static Optional<Path> workingDirectory(long pid) {
        try {
            return Optional.of(Files.readSymbolicLink(Path.of("/proc", String.valueOf(pid), "cwd")));
        } catch (IOException | UnsupportedOperationException | SecurityException gone) {
            // as for the command line: without the directory, a relative address says nowhere
            return Optional.empty();
        }
    }
}
