package io.sockrepl.server.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LateOutputTest {

    @Test
    void linesGoOutOneByOneAndAPartialOneWhenFlushed() {
        List<String> lines = new ArrayList<>();
        LateOutput late = new LateOutput(lines::add);
        byte[] written = "first\nsecond\r\npart".getBytes(StandardCharsets.UTF_8);
        late.write(written, 0, written.length);
        assertEquals(List.of("first", "second"), lines);
        late.flush();
        assertEquals(List.of("first", "second", "part"), lines);
    }

    @Test
    void aThreadThatPrintsForEverIsCutOff() {
        List<String> lines = new ArrayList<>();
        LateOutput late = new LateOutput(lines::add);
        byte[] line = "again\n".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < LateOutput.MOST_LINES + 50; i++) {
            late.write(line, 0, line.length);
        }
        assertEquals(LateOutput.MOST_LINES + 1, lines.size());
        assertEquals("again", lines.get(LateOutput.MOST_LINES - 1));
        assertEquals(
                "(" + LateOutput.MOST_LINES + " lines written after the request ended; the rest is dropped)",
                lines.get(LateOutput.MOST_LINES));
    }
}
