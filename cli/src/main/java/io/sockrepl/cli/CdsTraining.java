package io.sockrepl.cli;

import io.sockrepl.core.Address;
import io.sockrepl.core.ClientWarmup;
import io.sockrepl.core.Daemons;
import io.sockrepl.core.FrameCodec;
import io.sockrepl.core.Outcome;
import io.sockrepl.core.Replies;
import io.sockrepl.core.SessionFile;
import io.sockrepl.core.SessionInfo;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the launcher runs once per jar and JDK, under {@code -XX:DumpLoadedClassList} (for a static
 * CDS archive; the AOT cache's {@code -XX:AOTCacheOutput} from JDK 25), so that later commands start from a class-data
 * archive: {@code --version}, and {@code run} against a peer in this JVM that answers as a server
 * would, so that the reply's path is archived too.
 */
public final class CdsTraining {

    private CdsTraining() {}

    public static void main(String[] args) throws IOException {
        SelectorProviderChoice.apply();
        Path dir = Files.createTempDirectory("sockrepl-training");
        Path socket = dir.resolve("training.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Daemons.start("sockrepl-training-peer", () -> answer(server));
            Main.execute("--version");
            // as run where `sockrepl serve` left its session file, which is read for the token
            QuickRun.Parsed run =
                    QuickRun.parse("run", socket.toString(), "-e", "get(1);").orElseThrow();
            run.target().sessionFile = dir.resolve(SessionFile.DEFAULT_NAME);
            new SessionFile(run.target().sessionFile)
                    .write(new SessionInfo(
                            Address.unix(socket), ProcessHandle.current().pid(), null, "training"));
            try {
                ClientWarmup.begin();
                RunCommand.run(run.target(), run.snippet());
            } catch (CliFailure noAnswer) {
                // the path's classes are loaded all the same, and the archive is made
            }
            // `... | sockrepl ADDRESS`, the README's own form, reads its command otherwise
            QuickRun.parse(socket.toString()).orElseThrow().snippet().read();
        } finally {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir.resolve(SessionFile.DEFAULT_NAME));
            Files.deleteIfExists(dir);
        }
    }

    private static void answer(ServerSocketChannel server) {
        try (SocketChannel client = server.accept()) {
            FrameCodec.read(Channels.newInputStream(client), FrameCodec.DEFAULT_MAX_FRAME_BYTES);
            FrameCodec.write(Channels.newOutputStream(client), Replies.richSnippet("1", "", "", "", Outcome.OK, 0));
        } catch (IOException e) {
            // the run reports that it got no answer; the archive is made all the same
        }
    }
}
