package io.github.nitfiji.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StrictJsonTest {
    private static final String FILE = "configs/x.json";

    @Test
    void readsTypedFieldsWithDefaultsForAbsentAndNull() {
        JsonFields o = StrictJson.parseObject("{\"depth\": 28, \"ratio\": 4.0, \"name\": \"xl\", \"on\": false,"
                + " \"size\": 2700000000, \"none\": null, \"list\": [1, 2], \"nested\": {\"k\": [[], [5]]}}", FILE);
        assertEquals(28, o.requiredInt("depth"));
        assertEquals(4.0, o.requiredNumber("ratio"));
        assertEquals("xl", o.requiredString("name"));
        assertFalse(o.optionalBoolean("on", true));
        assertEquals(2_700_000_000L, o.requiredLong("size"));
        assertEquals(7, o.optionalInt("none", 7));
        assertNull(o.optionalString("absent"));
        assertArrayEquals(new int[] {1, 2}, o.requiredIntArray("list"));
        List<int[]> kernels = o.requiredObject("nested").requiredIntArrays("k");
        assertArrayEquals(new int[] {5}, kernels.get(1));
    }

    @Test
    void aValueOfAnotherTypeIsAnErrorNamingFileAndField() {
        assertMessage("{\"depth\": \"28\"}", o -> o.requiredInt("depth"),
                FILE + ": field 'depth': expected an integer, got \"28\"");
        assertMessage("{\"depth\": 28.5}", o -> o.requiredInt("depth"), "field 'depth': expected an integer, got 28.5");
        assertMessage("{\"depth\": 3000000000}", o -> o.requiredInt("depth"), "field 'depth': expected an integer");
        assertMessage("{\"qk_norm\": \"yes\"}", o -> o.optionalBoolean("qk_norm", true),
                "field 'qk_norm': expected true or false, got \"yes\"");
        assertMessage("{\"cfg\": 1e400}", o -> o.requiredNumber("cfg"), "field 'cfg': expected a number");
        assertMessage("{\"name\": 5}", o -> o.requiredString("name"), "field 'name': expected a string, got 5");
        assertMessage("{\"name\": \" \"}", o -> o.requiredString("name"), "field 'name': missing or empty");
        assertMessage("{}", o -> o.requiredInt("depth"), "field 'depth': missing");
        assertMessage("{\"list\": [1, \"2\"]}", o -> o.requiredIntArray("list"), "field 'list[1]': expected an integer");
    }

    @Test
    void errorsInsideNestedObjectsAndListsGiveTheFullPath() {
        JsonFields card = StrictJson.parseObject("{\"config\": {\"depth\": true},"
                + " \"files\": [{\"size\": 1}, {\"size\": -1.5}]}", "model card x.json");
        JsonFormatException e = assertThrows(JsonFormatException.class,
                () -> card.requiredObject("config").requiredInt("depth"));
        assertEquals("model card x.json: field 'config.depth': expected an integer, got true", e.getMessage());
        JsonFields second = card.optionalObjectArray("files").get(1);
        e = assertThrows(JsonFormatException.class, () -> second.optionalLong("size"));
        assertEquals("model card x.json: field 'files[1].size': expected an integer, got -1.5", e.getMessage());
    }

    @Test
    void onlyStandardJsonIsAccepted() {
        for (String text : new String[] {
            "{depth: 28}", "{'depth': 28}", "{\"depth\": 28} // comment", "{\"a\": NaN}", "{\"a\": 1,}",
            "{\"a\": 1} {\"b\": 2}", "{\"a\": 1} x", "{\"a\": 1", "", "{\"a\": 1e99999999999}"}) {
            JsonFormatException e = assertThrows(JsonFormatException.class, () -> StrictJson.parseObject(text, FILE),
                    text);
            assertTrue(e.getMessage().startsWith(FILE + ": not valid JSON")
                    || e.getMessage().startsWith(FILE + ": more after the end of the JSON document"), e.getMessage());
        }
        assertMessage("[1, 2]", null, FILE + ": expected a JSON object, found [1,2]");
    }

    @Test
    void aKeyMayAppearOnlyOnce() {
        JsonFormatException e = assertThrows(JsonFormatException.class,
                () -> StrictJson.parseObject("{\"depth\": 28, \"depth\": 2}", FILE));
        assertTrue(e.getMessage().contains("field 'depth' appears more than once"), e.getMessage());
    }

    @Test
    void deepNestingIsAnErrorNotAStackOverflow() {
        String deep = "{\"a\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        JsonFormatException e = assertThrows(JsonFormatException.class, () -> StrictJson.parseObject(deep, FILE));
        assertTrue(e.getMessage().contains("nested more than " + StrictJson.MAX_DEPTH), e.getMessage());
    }

    @Test
    void longValuesAreShortenedInMessages() {
        String big = "x".repeat(10_000);
        JsonFormatException e = assertThrows(JsonFormatException.class,
                () -> StrictJson.parseObject("{\"depth\": \"" + big + "\"}", FILE).requiredInt("depth"));
        assertTrue(e.getMessage().length() < 200, e.getMessage());
    }

    private interface Read {
        void from(JsonFields o);
    }

    private static void assertMessage(String json, Read read, String expected) {
        JsonFormatException e = assertThrows(JsonFormatException.class, () -> {
            JsonFields o = StrictJson.parseObject(json, FILE);
            if (read != null) {
                read.from(o);
            }
        });
        assertTrue(e.getMessage().contains(expected), "'" + expected + "' not in: " + e.getMessage());
    }
}
