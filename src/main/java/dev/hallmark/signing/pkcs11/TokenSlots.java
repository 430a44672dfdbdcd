package dev.hallmark.signing.pkcs11;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.NativeLongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the slot of a token by its label, which the JDK's SunPKCS11 configuration cannot do: it
 * takes a slot id or a slot list index, and a token's slot id changes when it is initialised
 * (SoftHSM2) or plugged elsewhere. Reads {@code C_GetSlotList} and {@code C_GetTokenInfo} through
 * the module's {@code C_GetFunctionList} (PKCS#11 v2.40 section 5.4), with JNA rather than the
 * JDK's internal wrapper, which would need {@code --add-exports}.
 */
final class TokenSlots {

    /** A slot holding an initialised token. */
    record Slot(long id, String tokenLabel) {
    }

    private static final long CKR_OK = 0;
    private static final long CKR_CRYPTOKI_ALREADY_INITIALIZED = 0x191;
    private static final long CKF_TOKEN_INITIALIZED = 0x400;
    // CK_FUNCTION_LIST: CK_VERSION, then function pointers in the order of the standard
    private static final int C_INITIALIZE = 0;
    private static final int C_FINALIZE = 1;
    private static final int C_GET_SLOT_LIST = 4;
    private static final int C_GET_TOKEN_INFO = 6;
    /** CK_TOKEN_INFO: label[32], manufacturerID[32], model[16], serialNumber[16], then flags at 96, aligned or packed. */
    private static final int LABEL_LENGTH = 32;
    private static final int FLAGS_OFFSET = 96;

    private TokenSlots() {
    }

    /** The slot whose token carries {@code label}; fails naming the tokens there are. */
    static long slotOf(Path library, String label) {
        List<Slot> slots = list(library);
        List<Long> matching = slots.stream().filter(s -> s.tokenLabel().equals(label)).map(Slot::id).toList();
        if (matching.size() == 1) {
            return matching.get(0);
        }
        if (matching.isEmpty()) {
            throw new TokenException("no PKCS#11 token labelled '" + label + "' in " + library + " (tokens: "
                    + slots.stream().map(s -> "'" + s.tokenLabel() + "'").toList() + ")");
        }
        throw new TokenException(matching.size() + " PKCS#11 tokens are labelled '" + label + "' in " + library
                + "; give each token a label of its own");
    }

    static List<Slot> list(Path library) {
        if (!Files.isRegularFile(library)) {
            throw new TokenException("the PKCS#11 library " + library + " does not exist");
        }
        NativeLibrary module;
        try {
            module = NativeLibrary.getInstance(library.toString());
        } catch (UnsatisfiedLinkError e) {
            throw new TokenException("cannot load the PKCS#11 library " + library + ": " + e.getMessage());
        }
        PointerByReference listReference = new PointerByReference();
        check(module.getFunction("C_GetFunctionList").invokeLong(new Object[] {listReference}), "C_GetFunctionList",
                library);
        Pointer functions = listReference.getValue();
        long initialized = call(functions, C_INITIALIZE, Pointer.NULL);
        // a module that this process initialised already (SunPKCS11 in an earlier start) stays initialised
        boolean ours = initialized == CKR_OK;
        if (!ours && initialized != CKR_CRYPTOKI_ALREADY_INITIALIZED) {
            check(initialized, "C_Initialize", library);
        }
        try {
            return slots(functions, library);
        } finally {
            if (ours) {
                call(functions, C_FINALIZE, Pointer.NULL);
            }
        }
    }

    private static List<Slot> slots(Pointer functions, Path library) {
        NativeLongByReference count = new NativeLongByReference();
        check(call(functions, C_GET_SLOT_LIST, (byte) 1, Pointer.NULL, count), "C_GetSlotList", library);
        int n = count.getValue().intValue();
        List<Slot> slots = new ArrayList<>();
        if (n == 0) {
            return slots;
        }
        Memory ids = new Memory((long) n * NativeLong.SIZE);
        check(call(functions, C_GET_SLOT_LIST, (byte) 1, ids, count), "C_GetSlotList", library);
        for (int i = 0; i < count.getValue().intValue(); i++) {
            long id = NativeLong.SIZE == 8 ? ids.getLong(i * 8L) : ids.getInt(i * 4L) & 0xffffffffL;
            Memory info = new Memory(1024);
            if (call(functions, C_GET_TOKEN_INFO, new NativeLong(id), info) != CKR_OK) {
                continue;
            }
            long flags = NativeLong.SIZE == 8 ? info.getLong(FLAGS_OFFSET) : info.getInt(FLAGS_OFFSET) & 0xffffffffL;
            if ((flags & CKF_TOKEN_INITIALIZED) != 0) {
                // blank-padded UTF-8, not terminated (PKCS#11 section 3.2)
                String label = new String(info.getByteArray(0, LABEL_LENGTH), StandardCharsets.UTF_8).stripTrailing();
                slots.add(new Slot(id, label));
            }
        }
        return slots;
    }

    private static long call(Pointer functions, int index, Object... arguments) {
        // Windows packs PKCS#11 structures to 1 byte: the first pointer follows the 2-byte version
        long first = Platform.isWindows() ? 2 : Native.POINTER_SIZE;
        Function function = Function.getFunction(functions.getPointer(first + (long) index * Native.POINTER_SIZE));
        return ((NativeLong) function.invoke(NativeLong.class, arguments)).longValue();
    }

    private static void check(long rv, String function, Path library) {
        if (rv != CKR_OK) {
            throw new TokenException(function + " of the PKCS#11 library " + library + " failed: CKR 0x"
                    + Long.toHexString(rv));
        }
    }
}
