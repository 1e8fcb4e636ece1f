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
    void threadsCarriesItsArgumentsAndNoOtherActionDoes() throws Exception {
        JsonObject args =
                JsonParser.parseString("{\"thread\": \"main\", \"depth\": 3}").getAsJsonObject();
        Request t = Request.control(ControlAction.THREADS, "tok", args);
        assertEquals(t, Request.parse(t.toJson()));
        assertEquals(
                args,
                parse("{\"control\": \"threads\", \"v\": 2, \"args\": {\"thread\": \"main\", \"depth\": 3}}")
                        .args());
        assertEquals(
                ErrorCode.BAD_VALUE,
                assertThrows(ProtocolException.class, () -> parse("{\"control\": \"status\", \"args\": {}}"))
                        .code());
        assertEquals(
                ErrorCode.BAD_VALUE,
                assertThrows(ProtocolException.class, () -> parse("{\"control\": \"threads\", \"args\": [1]}"))
                        .code());
    }

    @Test
    void badRequestsNameWhatIsWrong() {
        assertEquals(
                ErrorCode.UNKNOWN_KEY,
                assertThrows(ProtocolException.class, () -> parse("{\"snippet\": \"x\", \"snipet\": 1}"))
                        .code());
        assertEquals(
                ErrorCode.UNKNOWN_REQUEST,
                assertThrows(ProtocolException.class, () -> parse("{}")).code());
        assertEquals(
                ErrorCode.UNKNOWN_REQUEST,
                assertThrows(ProtocolException.class, () -> parse("{\"snippet\": \"x\", \"control\": \"stop\"}"))
                        .code());
        assertEquals(
                ErrorCode.UNKNOWN_CONTROL,
                assertThrows(ProtocolException.class, () -> parse("{\"control\": \"reboot\"}"))
                        .code());
        assertEquals(
                ErrorCode.BAD_VALUE,
                assertThrows(ProtocolException.class, () -> parse("{\"snippet\": 5}"))
                        .code());
        assertEquals(
                ErrorCode.BAD_VALUE,
                assertThrows(ProtocolException.class, () -> parse("{\"snippet\": \"x\", \"timeout_ms\": -1}"))
                        .code());
    }

    @Test
    void repliesToPlainRequestsHaveExactlyTheSockPythonKeys() {
        JsonObject o = Replies.snippet("15", "");
        assertEquals(java.util.Set.of("captured", "exception"), o.keySet());
        JsonObject ack = Replies.ack(ControlAction.STOP, new JsonObject());
        assertEquals(java.util.Set.of("ack", "response"), ack.keySet());
        assertEquals("{}", ack.get("response").getAsString());
    }

    @Test
    void loaderPatchAndSourceRequestsRoundTrip() throws Exception {
        for (Request r : java.util.List.of(
                Request.snippet("get(1);", null, 0).inLoaderOf("com.example.App"),
                Request.redefine("Foo.java", "class Foo {}", java.util.List.of("-Xlint"), null),
                Request.redefineClassFiles(java.util.List.of(new byte[] {(byte) 0xCA, (byte) 0xFE}), "t"),
                Request.ofClass(ControlAction.SOURCE, "com.example.Foo", null),
                Request.ofClass(ControlAction.REVERT, null, null),
                Request.control(ControlAction.PATCHES, null))) {
            assertEquals(r, Request.parse(r.toJson()));
        }
        assertTrue(Request.ofClass(ControlAction.REVERT, null, null).all());
    }

    @Test
    void badLoaderPatchAndSourceRequestsNameWhatIsWrong() {
        for (String bad : java.util.List.of(
                "{\"control\": \"status\", \"loader\": \"x.Y\"}",
                "{\"snippet\": \"x\", \"loader\": 3}",
                "{\"control\": \"source\"}",
                "{\"control\": \"source\", \"all\": true}",
                "{\"control\": \"revert\"}",
                "{\"control\": \"revert\", \"class\": \"a.B\", \"all\": true}",
                "{\"control\": \"revert\", \"all\": \"yes\"}",
                "{\"control\": \"redefine\", \"classes\": [1]}",
                "{\"control\": \"redefine\", \"source\": \"s\", \"path\": \"p\", \"options\": \"-g\"}")) {
            assertEquals(
                    ErrorCode.BAD_VALUE,
                    assertThrows(ProtocolException.class, () -> parse(bad)).code(),
                    bad);
        }
    }
}
