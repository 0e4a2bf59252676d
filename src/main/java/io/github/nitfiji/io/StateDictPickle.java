package io.github.nitfiji.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code data.pkl} of a {@code torch.save} checkpoint without Python semantics: a
 * pickle-subset interpreter that knows only what a plain state dict is made of (an ordered dict
 * of strings to {@code torch._utils._rebuild_tensor_v2} calls on persistent storage ids, with
 * the storage classes as dtypes). Every other global, call or opcode is refused by name; nothing
 * is ever imported, looked up or executed, so a hostile file can at worst be refused.
 */
final class StateDictPickle {
    /** Far above any real state dict's pickle (TiM-T2I's 900 keys take ~1 MB); guards memory. */
    static final int MAX_PICKLE_BYTES = 64 << 20;
    private static final int MAX_STACK = 100_000;
    private static final int MAX_MEMO = 1_000_000;
    private static final int MAX_DIMENSIONS = 16;
    private static final String REBUILD_TENSOR = "torch._utils._rebuild_tensor_v2";
    private static final String ORDERED_DICT = "collections.OrderedDict";
    private static final Map<String, TensorDType> STORAGES = Map.of(
            "torch.FloatStorage", TensorDType.F32,
            "torch.DoubleStorage", TensorDType.F64,
            "torch.HalfStorage", TensorDType.F16,
            "torch.BFloat16Storage", TensorDType.BF16,
            "torch.LongStorage", TensorDType.I64,
            "torch.IntStorage", TensorDType.I32,
            "torch.ByteStorage", TensorDType.U8);
    private static final Object MARK = new Object();

    /** A global the subset knows; resolving it never touches anything outside this class. */
    private static final class Global {
        final String name;

        Global(String name) {
            this.name = name;
        }
    }

    private static final class Tuple {
        final Object[] items;

        Tuple(Object[] items) {
            this.items = items;
        }
    }

    private static final class Storage {
        final String key;
        final TensorDType dtype;
        final long elements;

        Storage(String key, TensorDType dtype, long elements) {
            this.key = key;
            this.dtype = dtype;
            this.elements = elements;
        }
    }

    private final Path file;
    private final PickleInput in;
    private final List<Object> stack = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();
    private final Map<String, Storage> storages = new HashMap<>();

    private StateDictPickle(Path file, byte[] pickle) {
        this.file = file;
        this.in = new PickleInput(file, pickle);
    }

    /** The state dict in file order: tensor name -> its record. */
    static Map<String, TorchTensorRecord> read(Path file, byte[] pickle) throws TorchCheckpointFormatException {
        StateDictPickle p = new StateDictPickle(file, pickle);
        try {
            return p.stateDict(p.run());
        } catch (java.nio.BufferUnderflowException | IndexOutOfBoundsException e) {
            throw p.fail("data.pkl ends in the middle of an instruction (truncated or corrupt)");
        }
    }

    private Object run() throws TorchCheckpointFormatException {
        while (true) {
            if (!in.hasRemaining()) {
                throw fail("data.pkl ends without a STOP instruction (truncated)");
            }
            int op = in.u8();
            switch (op) {
                case 0x80: // PROTO
                    in.u8();
                    break;
                case 0x95: // FRAME: only a read-ahead hint
                    in.i64();
                    break;
                case '.': // STOP
                    if (stack.size() != 1) {
                        throw fail("data.pkl stops with " + stack.size() + " objects on its stack, not one");
                    }
                    return stack.get(0);
                case '(':
                    push(MARK);
                    break;
                case 'c': // GLOBAL module\nname\n
                    push(global(in.line() + "." + in.line()));
                    break;
                case 0x93: { // STACK_GLOBAL
                    String name = string(pop(), "STACK_GLOBAL name");
                    push(global(string(pop(), "STACK_GLOBAL module") + "." + name));
                    break;
                }
                case 'q':
                    memoPut(in.u8());
                    break;
                case 'r':
                    memoPut(in.u32());
                    break;
                case 0x94: // MEMOIZE
                    memoPut(memo.size());
                    break;
                case 'h':
                    push(memoGet(in.u8()));
                    break;
                case 'j':
                    push(memoGet(in.u32()));
                    break;
                case ')':
                    push(new Tuple(new Object[0]));
                    break;
                case 't':
                    push(new Tuple(popToMark().toArray()));
                    break;
                case 0x85:
                case 0x86:
                case 0x87: {
                    Object[] items = new Object[op - 0x84];
                    for (int i = items.length - 1; i >= 0; i--) {
                        items[i] = pop();
                    }
                    push(new Tuple(items));
                    break;
                }
                case '}':
                    push(new LinkedHashMap<Object, Object>());
                    break;
                case 's': {
                    Object value = pop();
                    Object key = pop();
                    put(dictOnTop("SETITEM"), key, value);
                    break;
                }
                case 'u': {
                    List<Object> items = popToMark();
                    Map<Object, Object> dict = dictOnTop("SETITEMS");
                    if (items.size() % 2 != 0) {
                        throw fail("SETITEMS with an odd number of items");
                    }
                    for (int i = 0; i < items.size(); i += 2) {
                        put(dict, items.get(i), items.get(i + 1));
                    }
                    break;
                }
                case 'X':
                    push(in.utf8(in.u32()));
                    break;
                case 0x8c:
                    push(in.utf8(in.u8()));
                    break;
                case 0x8d:
                    push(in.utf8(in.i64()));
                    break;
                case 'J':
                    push((long) in.i32());
                    break;
                case 'K':
                    push((long) in.u8());
                    break;
                case 'M':
                    push((long) in.u16());
                    break;
                case 0x8a:
                    push(in.long1(in.u8()));
                    break;
                case 'N':
                    push(null);
                    break;
                case 0x88:
                    push(Boolean.TRUE);
                    break;
                case 0x89:
                    push(Boolean.FALSE);
                    break;
                case 'Q':
                    push(storage(pop()));
                    break;
                case 'R': {
                    Object args = pop();
                    push(reduce(pop(), args));
                    break;
                }
                case 'b':
                    build(pop());
                    break;
                default:
                    throw fail("pickle instruction " + PickleOpcodes.describe(op) + " at byte " + (in.position() - 1)
                            + " is not part of a plain state dict; refusing the file (it may run code in Python)");
            }
        }
    }

    private Object global(String name) throws TorchCheckpointFormatException {
        if (name.equals(REBUILD_TENSOR) || name.equals(ORDERED_DICT) || STORAGES.containsKey(name)) {
            return new Global(name);
        }
        throw fail("refusing global '" + name + "': a plain state dict needs only " + ORDERED_DICT + ", "
                + REBUILD_TENSOR + " and storage types; this file could run code when PyTorch loads it");
    }

    private Object reduce(Object callable, Object args) throws TorchCheckpointFormatException {
        String name = callable instanceof Global ? ((Global) callable).name : typeName(callable);
        if (!(args instanceof Tuple)) {
            throw fail("call of " + name + " without an argument tuple");
        }
        Object[] a = ((Tuple) args).items;
        if (name.equals(ORDERED_DICT)) {
            if (a.length != 0) {
                throw fail("refusing " + ORDERED_DICT + " called with arguments");
            }
            return new LinkedHashMap<Object, Object>();
        }
        if (name.equals(REBUILD_TENSOR)) {
            return tensor(a);
        }
        throw fail("refusing a call (REDUCE) of " + name + ": only " + ORDERED_DICT + " and " + REBUILD_TENSOR
                + " may be called in a plain state dict");
    }

    /** {@code _rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks[, metadata])}. */
    private TorchTensorRecord tensor(Object[] a) throws TorchCheckpointFormatException {
        if (a.length != 6 && a.length != 7) {
            throw fail(REBUILD_TENSOR + " called with " + a.length + " arguments, expected 6 or 7");
        }
        if (!(a[0] instanceof Storage)) {
            throw fail(REBUILD_TENSOR + " on " + typeName(a[0]) + " instead of a storage");
        }
        Storage s = (Storage) a[0];
        long offset = count(a[1], "storage offset");
        long[] shape = counts(a[2], "size");
        long[] stride = counts(a[3], "stride");
        if (shape.length != stride.length) {
            throw fail("tensor on storage " + s.key + " has " + shape.length + " sizes but " + stride.length + " strides");
        }
        if (!(a[4] instanceof Boolean)) {
            throw fail("requires_grad of a tensor on storage " + s.key + " is not a boolean");
        }
        if (!(a[5] instanceof Map) || !((Map<?, ?>) a[5]).isEmpty()) {
            throw fail("tensor on storage " + s.key + " carries backward hooks; a state dict has none");
        }
        if (a.length == 7 && a[6] != null && !(a[6] instanceof Map && ((Map<?, ?>) a[6]).isEmpty())) {
            throw fail("tensor on storage " + s.key + " carries Python metadata; a state dict has none");
        }
        return new TorchTensorRecord(s.key, s.dtype, s.elements, offset, shape, stride);
    }

    /** Persistent id {@code ('storage', StorageType, key, location, elements)}. */
    private Storage storage(Object pid) throws TorchCheckpointFormatException {
        if (!(pid instanceof Tuple) || ((Tuple) pid).items.length != 5 || !"storage".equals(((Tuple) pid).items[0])) {
            throw fail("persistent id " + typeName(pid) + " is not a ('storage', type, key, location, size) tuple");
        }
        Object[] t = ((Tuple) pid).items;
        if (!(t[1] instanceof Global) || !STORAGES.containsKey(((Global) t[1]).name)) {
            throw fail("persistent id names " + typeName(t[1]) + " instead of a storage type");
        }
        String key = string(t[2], "storage key");
        if (!key.matches("[0-9A-Za-z_]{1,64}")) {
            throw fail("storage key '" + key + "' is not a plain entry name");
        }
        string(t[3], "storage location");
        Storage s = new Storage(key, STORAGES.get(((Global) t[1]).name), count(t[4], "storage size"));
        Storage earlier = storages.putIfAbsent(key, s);
        if (earlier != null && (earlier.dtype != s.dtype || earlier.elements != s.elements)) {
            throw fail("storage " + key + " is declared twice, as " + earlier.elements + " x " + earlier.dtype
                    + " and as " + s.elements + " x " + s.dtype);
        }
        return s;
    }

    /** OrderedDict's own state ({@code _metadata}: module versions) is the only BUILD allowed; it is dropped. */
    private void build(Object state) throws TorchCheckpointFormatException {
        Object target = stack.isEmpty() ? null : stack.get(stack.size() - 1);
        if (!(target instanceof Map) || !(state instanceof Map)) {
            throw fail("refusing BUILD of " + typeName(target) + " with " + typeName(state)
                    + ": only a state dict's _metadata may be set");
        }
        for (Object key : ((Map<?, ?>) state).keySet()) {
            if (!"_metadata".equals(key)) {
                throw fail("refusing BUILD that sets '" + key + "' on a dict: only _metadata is allowed");
            }
        }
    }

    private Map<String, TorchTensorRecord> stateDict(Object root) throws TorchCheckpointFormatException {
        if (!(root instanceof Map)) {
            throw fail("the checkpoint holds " + typeName(root) + ", not a state dict (a dict of tensors)");
        }
        Map<String, TorchTensorRecord> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) root).entrySet()) {
            if (!(e.getValue() instanceof TorchTensorRecord)) {
                throw fail("entry '" + e.getKey() + "' holds " + typeName(e.getValue()) + ", not a tensor");
            }
            out.put((String) e.getKey(), (TorchTensorRecord) e.getValue());
        }
        return out;
    }

    private void put(Map<Object, Object> dict, Object key, Object value) throws TorchCheckpointFormatException {
        if (!(key instanceof String)) {
            throw fail("dict key " + typeName(key) + " is not a string");
        }
        if (dict.put(key, value) != null) {
            throw fail("key '" + key + "' appears twice in one dict");
        }
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> dictOnTop(String op) throws TorchCheckpointFormatException {
        Object top = stack.isEmpty() ? null : stack.get(stack.size() - 1);
        if (!(top instanceof Map)) {
            throw fail(op + " on " + typeName(top) + " instead of a dict");
        }
        return (Map<Object, Object>) top;
    }

    private long count(Object o, String what) throws TorchCheckpointFormatException {
        if (!(o instanceof Long) || (Long) o < 0) {
            throw fail(what + " " + typeName(o) + " is not a non-negative integer");
        }
        return (Long) o;
    }

    private long[] counts(Object o, String what) throws TorchCheckpointFormatException {
        if (!(o instanceof Tuple) || ((Tuple) o).items.length > MAX_DIMENSIONS) {
            throw fail("tensor " + what + " " + typeName(o) + " is not a tuple of at most " + MAX_DIMENSIONS + " integers");
        }
        Object[] items = ((Tuple) o).items;
        long[] out = new long[items.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = count(items[i], "tensor " + what + " entry");
        }
        return out;
    }

    private String string(Object o, String what) throws TorchCheckpointFormatException {
        if (!(o instanceof String)) {
            throw fail(what + " " + typeName(o) + " is not a string");
        }
        return (String) o;
    }

    private void memoPut(long index) throws TorchCheckpointFormatException {
        if (stack.isEmpty() || stack.get(stack.size() - 1) == MARK) {
            throw fail("memo store with nothing to store");
        }
        if (memo.size() >= MAX_MEMO && !memo.containsKey(index)) {
            throw fail("more than " + MAX_MEMO + " memo entries");
        }
        memo.put(index, stack.get(stack.size() - 1));
    }

    private Object memoGet(long index) throws TorchCheckpointFormatException {
        if (!memo.containsKey(index)) {
            throw fail("memo entry " + index + " is read before it is written");
        }
        return memo.get(index);
    }

    private void push(Object o) throws TorchCheckpointFormatException {
        if (stack.size() >= MAX_STACK) {
            throw fail("pickle stack deeper than " + MAX_STACK);
        }
        stack.add(o);
    }

    private Object pop() throws TorchCheckpointFormatException {
        if (stack.isEmpty() || stack.get(stack.size() - 1) == MARK) {
            throw fail("pickle stack underflow at byte " + (in.position() - 1));
        }
        return stack.remove(stack.size() - 1);
    }

    private List<Object> popToMark() throws TorchCheckpointFormatException {
        int mark = stack.lastIndexOf(MARK);
        if (mark < 0) {
            throw fail("pickle instruction at byte " + (in.position() - 1) + " has no MARK");
        }
        List<Object> items = new ArrayList<>(stack.subList(mark + 1, stack.size()));
        stack.subList(mark, stack.size()).clear();
        return items;
    }

    private static String typeName(Object o) {
        if (o == null) {
            return "None";
        }
        if (o instanceof Global) {
            return ((Global) o).name;
        }
        if (o instanceof Tuple) {
            return "a tuple";
        }
        if (o instanceof Map) {
            return "a dict";
        }
        if (o instanceof TorchTensorRecord) {
            return "a tensor";
        }
        if (o instanceof Storage) {
            return "a storage";
        }
        if (o instanceof String) {
            return "the string '" + o + "'";
        }
        return o == MARK ? "a MARK" : String.valueOf(o);
    }

    private TorchCheckpointFormatException fail(String problem) {
        return new TorchCheckpointFormatException(file, null, problem);
    }
}
