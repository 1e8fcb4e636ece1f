package io.sockrepl.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

class AttachRequestTest {

    private static AttachRequest parse(String json) throws ProtocolException {
        return AttachRequest.parse(JsonParser.parseString(json).getAsJsonObject());
    }

    @Test
    void ourFrameRoundTrips() throws Exception {
        AttachRequest sent = new AttachRequest("screen", 132, 43, true, "tok");
        assertTrue(AttachRequest.isAttach(sent.toJson()));
        assertEquals(sent, AttachRequest.parse(sent.toJson()));
    }

    @Test
    void oddTerminalValuesTakeThePlainTerminals() throws Exception {
        AttachRequest odd = parse("{\"attach\": {\"term\": \" \", \"cols\": -3, \"rows\": 2.5, \"inband\": \"yes\"}}");
        assertEquals(new AttachRequest("xterm-256color", 80, 24, false, null), odd);
        assertEquals(AttachRequest.PLAIN, parse("{\"attach\": {}}"));
        assertEquals(80, parse("{\"attach\": {\"cols\": 1e9}}").columns());
        assertFalse(AttachRequest.isAttach(
                JsonParser.parseString("{\"snippet\": \"x\"}").getAsJsonObject()));
    }

    @Test
    void unknownKeysAndANonObjectAreRefusedByName() {
        assertEquals(
                ErrorCode.UNKNOWN_KEY,
                assertThrows(ProtocolException.class, () -> parse("{\"attach\": {}, \"snippet\": \"x\"}"))
                        .code());
        assertEquals(
                ErrorCode.BAD_VALUE,
                assertThrows(ProtocolException.class, () -> parse("{\"attach\": 1}"))
                        .code());
    }
}
