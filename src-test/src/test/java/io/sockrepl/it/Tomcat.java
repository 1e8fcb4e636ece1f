package io.sockrepl.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A real Apache Tomcat (the distribution from Maven Central, unpacked by the build) with webapps
 * of our own, each in a loader of its own, started as a process from a base directory of the test.
 */
final class Tomcat implements AutoCloseable {

    static final Path HOME = Path.of(System.getProperty("sockrepl.tomcat.home", "target/tomcat/apache-tomcat"));

    final AppProcess process;
    final String url;

    private Tomcat(AppProcess process, String url) {
        this.process = process;
        this.url = url;
    }

    /**
     * Starts Tomcat on {@code javaHome}'s JVM with a webapp per entry of {@code webapps}: context
     * name to the source of the servlet {@code fixture.web.Hello}, mapped to {@code /hello}.
     */
    static Tomcat start(Path base, Path javaHome, java.util.Map<String, String> webapps) throws Exception {
        int port = freePort();
        Files.createDirectories(base.resolve("conf"));
        for (String f : List.of("web.xml", "logging.properties", "catalina.properties", "context.xml")) {
            Files.copy(HOME.resolve("conf").resolve(f), base.resolve("conf").resolve(f));
        }
        Files.writeString(
                base.resolve("conf/server.xml"),
                "<Server port=\"-1\" shutdown=\"SHUTDOWN\"><Service name=\"Catalina\">"
                        + "<Connector port=\"" + port + "\" address=\"127.0.0.1\" protocol=\"HTTP/1.1\"/>"
                        + "<Engine name=\"Catalina\" defaultHost=\"localhost\">"
                        + "<Host name=\"localhost\" appBase=\"webapps\" unpackWARs=\"false\" autoDeploy=\"false\"/>"
                        + "</Engine></Service></Server>");
        for (String dir : List.of("logs", "temp", "work")) {
            Files.createDirectories(base.resolve(dir));
        }
        for (var app : webapps.entrySet()) {
            webapp(base.resolve("webapps").resolve(app.getKey()), app.getValue());
        }
        AppProcess p = AppProcess.start(
                base,
                Jdks.java(
                        javaHome,
                        "-cp",
                        HOME.resolve("bin/bootstrap.jar") + ":" + HOME.resolve("bin/tomcat-juli.jar"),
                        "-Dcatalina.home=" + HOME,
                        "-Dcatalina.base=" + base,
                        "-Djava.io.tmpdir=" + base.resolve("temp"),
                        "org.apache.catalina.startup.Bootstrap",
                        "start"));
        try {
            p.await("Server startup in");
            return new Tomcat(p, "http://127.0.0.1:" + port);
        } catch (AssertionError | Exception e) {
            p.close();
            throw e;
        }
    }

    /** A webapp directory with the servlet compiled against Tomcat's servlet API. */
    private static void webapp(Path dir, String servletSource) throws IOException {
        Path classes = dir.resolve("WEB-INF/classes");
        Path src = dir.resolve("src/fixture/web/Hello.java");
        Files.createDirectories(src.getParent());
        Files.createDirectories(classes);
        Files.writeString(src, servletSource);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(
                null,
                null,
                null,
                "--release",
                "17",
                "-g",
                "-cp",
                HOME.resolve("lib/servlet-api.jar").toString(),
                "-d",
                classes.toString(),
                src.toString());
        if (rc != 0) {
            throw new IOException("the webapp's servlet did not compile");
        }
        Files.writeString(
                dir.resolve("WEB-INF/web.xml"),
                "<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\" metadata-complete=\"true\">"
                        + "<servlet><servlet-name>hello</servlet-name><servlet-class>fixture.web.Hello</servlet-class>"
                        + "</servlet><servlet-mapping><servlet-name>hello</servlet-name><url-pattern>/hello</url-pattern>"
                        + "</servlet-mapping></web-app>");
    }

    /** The source of a servlet that answers {@code text}. */
    static String servlet(String text) {
        return String.join(
                "\n",
                "package fixture.web;",
                "",
                "import jakarta.servlet.http.HttpServlet;",
                "import jakarta.servlet.http.HttpServletRequest;",
                "import jakarta.servlet.http.HttpServletResponse;",
                "import java.io.IOException;",
                "",
                "public class Hello extends HttpServlet {",
                "    @Override",
                "    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {",
                "        response.getWriter().print(greeting());",
                "    }",
                "",
                "    String greeting() {",
                "        return \"" + text + "\";",
                "    }",
                "}",
                "");
    }

    String get(String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url + path)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Whether the distribution was unpacked (by the build, before the tests). */
    static boolean installed() {
        return Files.isRegularFile(HOME.resolve("bin/bootstrap.jar"));
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
