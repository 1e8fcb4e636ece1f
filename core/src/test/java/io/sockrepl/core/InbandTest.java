package io.sockrepl.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class InbandTest {

    @Test
    void keystrokesSurviveEscapingAndWindowSizesAreTakenOutAcrossAnySplit() {
        byte[] keys = new byte[256];
        for (int i = 0; i < 256; i++) {
            keys[i] = (byte) i;
        }
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(Inband.escape(keys, 100));
        wire.writeBytes(Inband.windowSize(300, 70));
        wire.writeBytes(Inband.escape(Arrays.copyOfRange(keys, 100, 256), 156));
        byte[] bytes = wire.toByteArray();
        for (int chunk = 1; chunk <= 7; chunk++) {
            List<int[]> sizes = new ArrayList<>();
            Inband.Decoder d = new Inband.Decoder((c, r) -> sizes.add(new int[] {c, r}));
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            for (int off = 0; off < bytes.length; off += chunk) {
                byte[] part = Arrays.copyOfRange(bytes, off, Math.min(bytes.length, off + chunk));
                got.write(part, 0, d.decode(part, part.length));
            }
            assertArrayEquals(keys, got.toByteArray(), "chunk " + chunk);
            assertEquals(1, sizes.size());
            assertArrayEquals(new int[] {300, 70}, sizes.get(0));
        }
    }

    @Test
    void screenOutputSurvivesEscapingAndTheSessionEndIsTakenOutAcrossAnySplit() {
        byte[] screen = "héllo \u00ff".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] binary = {(byte) 0xFF, 'X', 7, (byte) 0xFF};
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(Inband.escape(screen, screen.length));
        wire.writeBytes(Inband.escape(binary, binary.length));
        wire.writeBytes(Inband.sessionEnd(Inband.Ending.SERVER_ENDED));
        byte[] bytes = wire.toByteArray();
        for (int chunk = 1; chunk <= 4; chunk++) {
            List<Inband.Ending> ends = new ArrayList<>();
            Inband.Decoder d = Inband.Decoder.ofScreen(ends::add);
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            for (int off = 0; off < bytes.length; off += chunk) {
                byte[] part = Arrays.copyOfRange(bytes, off, Math.min(bytes.length, off + chunk));
                got.write(part, 0, d.decode(part, part.length));
            }
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            expected.writeBytes(screen);
            expected.writeBytes(binary);
            assertArrayEquals(expected.toByteArray(), got.toByteArray(), "chunk " + chunk);
            assertEquals(List.of(Inband.Ending.SERVER_ENDED), ends, "chunk " + chunk);
        }
    }
}
