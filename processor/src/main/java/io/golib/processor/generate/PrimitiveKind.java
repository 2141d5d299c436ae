package io.golib.processor.generate;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.TypeName;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One element type of golib's primitive channels: the only parameter of
 * {@link PrimitiveChannelTemplate}. Everything that differs between {@code IntChan},
 * {@code LongChan} and {@code DoubleChan} is here, and nothing else is.
 *
 * <p>A primitive channel keeps raw {@code long} bits (see {@code io.golib.chan.HChan}), so a kind
 * says how its values become bits and come back, losslessly: {@code (long) v} and
 * {@code (int) bits} for {@code int} (sign-extended, then truncated), identity for {@code long},
 * {@code Double.doubleToRawLongBits} and {@code longBitsToDouble} for {@code double} (raw, so
 * NaN payloads and {@code -0.0} survive). The zero bits {@code 0L} are each kind's zero value
 * ({@code 0}, {@code 0L}, {@code +0.0}), which is what a receive from a closed channel returns.
 *
 * @param name the prefix of the generated names: {@code "Int"} gives {@code IntChan},
 *     {@code IntRecvHandler}
 * @param type the primitive type
 * @param goType Go's type of the same width, for the documentation: {@code "int32"}
 * @param toBits the expression converting a value of {@code type} to its {@code long} bits
 * @param fromBits the expression converting {@code long} bits back to {@code type}
 */
public record PrimitiveKind(String name, TypeName type, String goType,
        UnaryOperator<CodeBlock> toBits, UnaryOperator<CodeBlock> fromBits) {

    public static final PrimitiveKind INT = new PrimitiveKind("Int", TypeName.INT, "int32",
            v -> CodeBlock.of("(long) $L", v), b -> CodeBlock.of("(int) $L", b));

    public static final PrimitiveKind LONG = new PrimitiveKind("Long", TypeName.LONG, "int64",
            v -> v, b -> b);

    public static final PrimitiveKind DOUBLE = new PrimitiveKind("Double", TypeName.DOUBLE,
            "float64", v -> CodeBlock.of("$T.doubleToRawLongBits($L)", Double.class, v),
            b -> CodeBlock.of("$T.longBitsToDouble($L)", Double.class, b));

    /** The kinds golib generates, in the order their members appear in shared files. */
    public static final List<PrimitiveKind> ALL = List.of(INT, LONG, DOUBLE);

    /** The boxed type: the element type of the channel's {@code Iterable} face. */
    public TypeName box() {
        return type.box();
    }

    /** The Java keyword of the type, for names and documentation: {@code int}. */
    public String keyword() {
        return type.toString();
    }

    /** The type's JVM descriptor: {@code "I"}, {@code "J"}, {@code "D"} (for call keys). */
    public String descriptor() {
        return type.equals(TypeName.DOUBLE) ? "D" : type.equals(TypeName.LONG) ? "J" : "I";
    }

    /** The type's zero as a Java literal: {@code 0}, {@code 0L}, {@code 0.0}. */
    public String zero() {
        return type.equals(TypeName.DOUBLE) ? "0.0" : type.equals(TypeName.LONG) ? "0L" : "0";
    }

    /** {@code PrimitiveIterator.OfInt} for int: the iterator of this kind's channel. */
    public TypeName primitiveIterator() {
        return ClassName.get("java.util", "PrimitiveIterator", "Of" + name);
    }

    /** The channel's simple name: {@code IntChan}. */
    public String chanName() {
        return name + "Chan";
    }

    /** The select receive handler's simple name: {@code IntRecvHandler}. */
    public String recvHandlerName() {
        return name + "RecvHandler";
    }
}
