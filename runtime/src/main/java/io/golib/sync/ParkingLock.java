package io.golib.sync;

import io.golib.Goroutine;
import java.util.concurrent.locks.Lock;

/**
 * A {@link Lock} whose {@code lock()} parks a goroutine: {@link Mutex} and the two views of
 * {@link RWMutex}. {@link Cond} relocks through this type, so the call is a suspension point the
 * transformer rewrites (a call through {@code Lock}, a JDK interface, would pin the carrier).
 */
interface ParkingLock extends Lock {
    @Goroutine
    @Override
    void lock();
}
