package io.github.nitfiji.io;

import java.util.Map;

/** Names of the pickle instructions a state dict never uses, so a refusal says what was found. */
final class PickleOpcodes {
    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry((int) 'i', "INST (builds an arbitrary object)"),
            Map.entry((int) 'o', "OBJ (builds an arbitrary object)"),
            Map.entry(0x81, "NEWOBJ (builds an arbitrary object)"),
            Map.entry(0x92, "NEWOBJ_EX (builds an arbitrary object)"),
            Map.entry((int) 'P', "PERSID"),
            Map.entry(0x82, "EXT1"),
            Map.entry(0x83, "EXT2"),
            Map.entry(0x84, "EXT4"),
            Map.entry((int) ']', "EMPTY_LIST"),
            Map.entry((int) 'l', "LIST"),
            Map.entry((int) 'a', "APPEND"),
            Map.entry((int) 'e', "APPENDS"),
            Map.entry((int) 'd', "DICT"),
            Map.entry(0x8f, "EMPTY_SET"),
            Map.entry(0x90, "ADDITEMS"),
            Map.entry(0x91, "FROZENSET"),
            Map.entry((int) 'G', "BINFLOAT"),
            Map.entry((int) 'F', "FLOAT"),
            Map.entry((int) 'I', "INT"),
            Map.entry((int) 'L', "LONG"),
            Map.entry(0x8b, "LONG4"),
            Map.entry((int) 'S', "STRING"),
            Map.entry((int) 'T', "BINSTRING"),
            Map.entry((int) 'U', "SHORT_BINSTRING"),
            Map.entry((int) 'V', "UNICODE"),
            Map.entry((int) 'B', "BINBYTES"),
            Map.entry((int) 'C', "SHORT_BINBYTES"),
            Map.entry(0x8e, "BINBYTES8"),
            Map.entry(0x96, "BYTEARRAY8"),
            Map.entry(0x97, "NEXT_BUFFER"),
            Map.entry(0x98, "READONLY_BUFFER"),
            Map.entry((int) 'p', "PUT"),
            Map.entry((int) 'g', "GET"),
            Map.entry((int) '0', "POP"),
            Map.entry((int) '1', "POP_MARK"),
            Map.entry((int) '2', "DUP"));

    private PickleOpcodes() {
    }

    static String describe(int opcode) {
        String name = NAMES.get(opcode);
        String hex = String.format("0x%02x", opcode);
        return name == null ? "with unknown code " + hex : name + " (" + hex + ")";
    }
}
