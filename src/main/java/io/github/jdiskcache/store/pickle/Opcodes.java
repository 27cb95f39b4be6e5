package io.github.jdiskcache.store.pickle;

/** The pickle opcodes (Python's {@code pickletools} names), by protocol. */
final class Opcodes {
    // Protocol 0 and 1
    static final int MARK = '(';
    static final int STOP = '.';
    static final int POP = '0';
    static final int POP_MARK = '1';
    static final int DUP = '2';
    static final int FLOAT = 'F';
    static final int INT = 'I';
    static final int BININT = 'J';
    static final int BININT1 = 'K';
    static final int LONG = 'L';
    static final int BININT2 = 'M';
    static final int NONE = 'N';
    static final int PERSID = 'P';
    static final int BINPERSID = 'Q';
    static final int REDUCE = 'R';
    static final int STRING = 'S';
    static final int BINSTRING = 'T';
    static final int SHORT_BINSTRING = 'U';
    static final int UNICODE = 'V';
    static final int BINUNICODE = 'X';
    static final int APPEND = 'a';
    static final int BUILD = 'b';
    static final int GLOBAL = 'c';
    static final int DICT = 'd';
    static final int EMPTY_DICT = '}';
    static final int APPENDS = 'e';
    static final int GET = 'g';
    static final int BINGET = 'h';
    static final int INST = 'i';
    static final int LONG_BINGET = 'j';
    static final int LIST = 'l';
    static final int EMPTY_LIST = ']';
    static final int OBJ = 'o';
    static final int PUT = 'p';
    static final int BINPUT = 'q';
    static final int LONG_BINPUT = 'r';
    static final int SETITEM = 's';
    static final int TUPLE = 't';
    static final int EMPTY_TUPLE = ')';
    static final int SETITEMS = 'u';
    static final int BINFLOAT = 'G';
    // Protocol 2
    static final int PROTO = 0x80;
    static final int NEWOBJ = 0x81;
    static final int EXT1 = 0x82;
    static final int EXT2 = 0x83;
    static final int EXT4 = 0x84;
    static final int TUPLE1 = 0x85;
    static final int TUPLE2 = 0x86;
    static final int TUPLE3 = 0x87;
    static final int NEWTRUE = 0x88;
    static final int NEWFALSE = 0x89;
    static final int LONG1 = 0x8a;
    static final int LONG4 = 0x8b;
    // Protocol 3
    static final int BINBYTES = 'B';
    static final int SHORT_BINBYTES = 'C';
    // Protocol 4
    static final int SHORT_BINUNICODE = 0x8c;
    static final int BINUNICODE8 = 0x8d;
    static final int BINBYTES8 = 0x8e;
    static final int EMPTY_SET = 0x8f;
    static final int ADDITEMS = 0x90;
    static final int FROZENSET = 0x91;
    static final int NEWOBJ_EX = 0x92;
    static final int STACK_GLOBAL = 0x93;
    static final int MEMOIZE = 0x94;
    static final int FRAME = 0x95;
    // Protocol 5
    static final int BYTEARRAY8 = 0x96;
    static final int NEXT_BUFFER = 0x97;
    static final int READONLY_BUFFER = 0x98;

    static final int HIGHEST_PROTOCOL = 5;

    private Opcodes() {
    }

    /**
     * The opcodes a plain-data reader never runs, with why: they import a name, call an object,
     * reach outside the stream, or build a type outside the plain-data mapping.
     */
    static String refusal(int opcode) {
        return switch (opcode) {
            case GLOBAL -> "GLOBAL imports a name";
            case STACK_GLOBAL -> "STACK_GLOBAL imports a name";
            case INST -> "INST imports and calls a class";
            case OBJ -> "OBJ calls a class";
            case REDUCE -> "REDUCE calls an object";
            case BUILD -> "BUILD calls __setstate__ or sets attributes";
            case NEWOBJ -> "NEWOBJ calls cls.__new__";
            case NEWOBJ_EX -> "NEWOBJ_EX calls cls.__new__";
            case EXT1, EXT2, EXT4 -> "EXT" + (opcode == EXT1 ? 1 : opcode == EXT2 ? 2 : 4) + " imports a registered extension";
            case PERSID -> "PERSID calls persistent_load";
            case BINPERSID -> "BINPERSID calls persistent_load";
            case NEXT_BUFFER -> "NEXT_BUFFER needs out-of-band buffers";
            case READONLY_BUFFER -> "READONLY_BUFFER needs out-of-band buffers";
            case BYTEARRAY8 -> "BYTEARRAY8 builds a bytearray, which is not plain data";
            case INT, LONG, FLOAT, STRING, BINSTRING, SHORT_BINSTRING, UNICODE, GET, PUT ->
                    "opcode '" + (char) opcode + "' is protocol 0/1 text, which Python 3 does not write at protocol 2+";
            default -> null;
        };
    }
}
