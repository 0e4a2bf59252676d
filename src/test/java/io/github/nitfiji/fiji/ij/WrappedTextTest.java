package io.github.nitfiji.fiji.ij;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Reasons in the dialog wrap and are complete (issue 25 item 3): never cut at the dialog's edge. */
class WrappedTextTest {
    @Test
    void wrapsAtWordsKeepingEveryWordAndItsOwnLineBreaks() {
        String reason = "prompt \"cell nucleus\": 'cell nucleus' names no class this model knows: to ImageNet, 'cell'"
                + " is 487 cellular telephone, not a biological cell.\nSecond paragraph.";
        List<String> lines = WrappedText.lines(reason, 30);
        for (String line : lines) {
            assertTrue(line.length() <= 30, line);
        }
        assertEquals(reason.replace("\n", " "), String.join(" ", lines), "nothing is dropped");
        assertEquals("Second paragraph.", lines.get(lines.size() - 1));
        assertEquals("prompt \"cell nucleus\": 'cell", lines.get(0));
    }

    @Test
    void aWordLongerThanALineIsBrokenNotCut() {
        String url = "https://huggingface.co/GoodEnough/NiT-XL-Models/resolve/main/model_1000K.safetensors";
        List<String> lines = WrappedText.lines("get " + url, 24);
        assertEquals("get", lines.get(0));
        assertEquals(url, String.join("", lines.subList(1, lines.size())));
        assertEquals(List.of(""), WrappedText.lines("", 10));
    }
}
