/**
 * Go's channels and {@code select}: {@link io.golib.chan.Chan} for references, and
 * {@code IntChan}, {@code LongChan}, {@code DoubleChan} for primitives, which never box; all
 * share one algorithm ({@code HChan}, a port of go1.22 runtime/chan.go), and
 * {@link io.golib.chan.Select} waits on any mix of them. Goroutines park; plain Java threads
 * block; the two interoperate.
 *
 * <p>The primitive channels and their select cases are generated while the runtime compiles
 * (the marker below; see {@code PrimitiveChannels}).
 */
@PrimitiveChannels
package io.golib.chan;
