package io.sockrepl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Spring Boot fixture (src-test/spring-app: a fat jar with nested jars, LaunchedClassLoader,
 * Logback) started with {@code java -jar}, as an application that did not plan for sockrepl.
 */
final class SpringApp implements AutoCloseable {

    static final Path JAR = Path.of(System.getProperty("sockrepl.spring.app", "spring-app/target/spring-app-boot.jar"))
            .toAbsolutePath();

    final AppProcess process;
    final String url;
    private final Path dir;

    private SpringApp(Path dir, AppProcess process, String url) {
        this.dir = dir;
        this.process = process;
        this.url = url;
    }

    /** Starts the fixture on {@code javaHome}'s JVM, with {@code javaOptions} before {@code -jar}. */
    static SpringApp start(Path dir, Path javaHome, String... javaOptions) throws Exception {
        List<String> args = new ArrayList<>(List.of(javaOptions));
        args.addAll(List.of("-jar", JAR.toString()));
        AppProcess p = AppProcess.start(dir, Jdks.java(javaHome, args.toArray(String[]::new)));
        try {
            return new SpringApp(
                    dir,
                    p,
                    "http://127.0.0.1:"
                            + p.await("Tomcat started on port (\\d+)").group(1));
        } catch (AssertionError | Exception e) {
            p.close();
            throw e;
        }
    }

    /** Injects a server with {@code sockrepl inject PID}; returns its socket. */
    String inject() throws Exception {
        Cli.Result r = Cli.run(dir, "", "inject", String.valueOf(process.pid()));
        assertEquals(0, r.code(), r.err());
        return dir.resolve("sockrepl-" + process.pid() + ".sock").toString();
    }

    /** The body of a GET of {@code path}. */
    String get(String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url + path)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /** The status code of a GET of {@code path}. */
    int status(String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url + path)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
