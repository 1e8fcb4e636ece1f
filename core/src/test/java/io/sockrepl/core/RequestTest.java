package io.sockrepl.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

class RequestTest {

    private static Request parse(String json) throws ProtocolException {
        return Request.parse(JsonParser.parseString(json).getAsJsonObject());
    }

    @Test
    void sockPythonRequestsAreVersionOne() throws Exception {
        Request r = parse("{\"snippet\": \"get(1)\"}");
        assertTrue(r.isSnippet());
        assertFalse(r.rich());
        assertEquals(ControlAction.STATUS, parse("{\"control\": \"status\"}").action());
    }

    @Test
    void ourRequestsRoundTrip() throws Exception {
        Request r = Request.snippet("x", "tok", 1500);
        assertEquals(r, Request.parse(r.toJson()));
        Request c = Request.control(ControlAction.INTERRUPT, null);
        assertEquals(c, Request.parse(c.toJson()));
    }

    @Test
    void badRequestsNameWhatIsWrong() {
        assertEquals("unknown_key", assertThrows(ProtocolException.class,
                () -> parse("{\"snippet\": \"x\", \"snipet\": 1}")).code());
        assertEquals("unknown_request", assertThrows(ProtocolException.class, () -> parse("{}")).code());
        assertEquals("unknown_request", assertThrows(ProtocolException.class,
                () -> parse("{\"snippet\": \"x\", \"control\": \"stop\"}")).code());
        assertEquals("unknown_control", assertThrows(ProtocolException.class,
                () -> parse("{\"control\": \"reboot\"}")).code());
        assertEquals("bad_value", assertThrows(ProtocolException.class,
                () -> parse("{\"snippet\": 5}")).code());
        assertEquals("bad_value", assertThrows(ProtocolException.class,
                () -> parse("{\"snippet\": \"x\", \"timeout_ms\": -1}")).code());
    }

    @Test
    void repliesToPlainRequestsHaveExactlyTheSockPythonKeys() {
        JsonObject o = Replies.snippet("15", "");
        assertEquals(java.util.Set.of("captured", "exception"), o.keySet());
        JsonObject ack = Replies.ack(ControlAction.STOP, new JsonObject());
        assertEquals(java.util.Set.of("ack", "response"), ack.keySet());
        assertEquals("{}", ack.get("response").getAsString());
    }
}
