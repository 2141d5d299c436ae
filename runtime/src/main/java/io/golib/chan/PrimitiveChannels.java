package io.golib.chan;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Asks golib-processor to generate the primitive channels into this package while the runtime
 * compiles: {@code IntChan}, {@code LongChan}, {@code DoubleChan} (each with its
 * {@code Received} holder), {@code IntRecvHandler}, {@code LongRecvHandler},
 * {@code DoubleRecvHandler}, and {@code PrimitiveSelectCases}, the superclass of {@link Select}
 * that holds their select case factories. All come from one template,
 * {@code io.golib.processor.generate.PrimitiveChannelTemplate}; fix bugs there, not in
 * {@code target/generated-sources}. See runtime/HACKING.md, "Generated code".
 *
 * <p>On {@code package-info.java}. Package-private and source-only: nothing outside the
 * runtime's own compilation sees it.
 */
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.PACKAGE)
@interface PrimitiveChannels {}
