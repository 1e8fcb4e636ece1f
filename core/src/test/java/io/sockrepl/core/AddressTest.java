package io.sockrepl.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressTest {

    @Test
    void aPathIsAUnixSocket() {
        assertEquals(Address.unix(Path.of("session.sock")), Address.parse("session.sock"));
        assertEquals(Address.unix(Path.of("/run/app/a.sock")), Address.parse("/run/app/a.sock"));
    }

    @Test
    void unixPrefixForcesAPathWithColons() {
        Address a = Address.parse("unix:/tmp/a:1");
        assertTrue(a.isUnix());
        assertEquals(Path.of("/tmp/a:1"), a.path());
        assertEquals("unix:/tmp/a:1", a.toString());
        assertEquals(a, Address.parse(a.toString()));
    }

    @Test
    void hostAndPortIsTcp() {
        Address a = Address.parse("localhost:7000");
        assertEquals(Address.Kind.TCP, a.kind());
        assertEquals("localhost", a.host());
        assertEquals(7000, a.port());
    }

    @Test
    void bareColonPortMeansLoopbackNotEveryInterface() throws Exception {
        Address a = Address.parse(":0");
        assertEquals("127.0.0.1", a.host());
        assertTrue(a.isLocal());
    }

    @Test
    void bracketedIpv6() throws Exception {
        Address a = Address.parse("[::1]:8123");
        assertEquals("::1", a.host());
        assertEquals("[::1]:8123", a.toString());
        assertTrue(a.isLocal());
    }

    @Test
    void nonLoopbackIsNotLocal() throws Exception {
        assertFalse(Address.parse("10.1.2.3:80").isLocal());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "unix:", "a:70000", "::1:80", "h:99999999999"})
    void badAddressesAreRefusedWithAMessage(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Address.parse(text));
        assertFalse(e.getMessage().isBlank());
    }
}
