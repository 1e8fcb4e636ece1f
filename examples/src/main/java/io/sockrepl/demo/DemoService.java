package io.sockrepl.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A small real service: {@code GET /ITEM} on loopback answers {@code ITEM costs N} from a live
 * {@link PriceList}. Everything it answers can be changed from a sockrepl console while it runs.
 */
public final class DemoService implements AutoCloseable {

    private final PriceList prices;
    private final HttpServer http;

    public DemoService(PriceList prices, int port) throws IOException {
        this.prices = prices;
        this.http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        http.createContext("/", this::answer);
        http.start();
    }

    public int port() {
        return http.getAddress().getPort();
    }

    private void answer(HttpExchange exchange) throws IOException {
        String item = exchange.getRequestURI().getPath().substring(1);
        int status = 200;
        String body;
        try {
            body = item.isEmpty() ? prices.all().toString() : prices.quote(item);
        } catch (IllegalArgumentException e) {
            status = 404;
            body = e.getMessage();
        }
        byte[] bytes = (body + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
