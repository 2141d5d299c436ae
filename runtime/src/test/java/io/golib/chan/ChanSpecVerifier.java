package io.golib.chan;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionResult;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.kotlinx.lincheck.execution.ResultWithClock;
import org.jetbrains.kotlinx.lincheck.util.ExceptionResult;
import org.jetbrains.kotlinx.lincheck.util.LincheckResult;
import org.jetbrains.kotlinx.lincheck.util.ValueResult;
import org.jetbrains.kotlinx.lincheck.util.VoidResult;
import org.jetbrains.lincheck.datastructures.verifier.Verifier;

/**
 * Lincheck verifier: is one execution of a {@link ChanLincheckTest} scenario linearizable with
 * respect to the dual specification {@link ChanSpec}, blocking {@code send}/{@code recv}
 * included?
 *
 * <p>Why not Lincheck's own {@code LinearizabilityVerifier}: it models blocking only for Kotlin
 * {@code suspend} operations (a suspended actor, later resumed). golib's channel operations
 * block a plain thread ({@code LockSupport.park}); Lincheck records such an operation as an
 * ordinary call that returned, and a rendezvous send that "returned void" has no sequential
 * order in a specification whose operations are atomic: the send can only complete together
 * with a receive. So this verifier implements the same dual-data-structure semantics itself
 * (Scherer and Scott, DISC 2004; Lincheck's LTS does this for suspension): a blocking operation
 * has a request point, where it either completes or registers as a waiter, and, when it waited,
 * it completes at the linearization point of the operation that served it.
 *
 * <p>The search: a depth-first search for a sequence of request points, one per operation, in
 * which (1) each thread's operations are in program order, and an operation's request comes
 * only after its predecessor in the thread has completed; (2) real time is respected: an
 * operation starts only after every operation Lincheck's happens-before clock says completed
 * before it started ({@code ResultWithClock.clockOnStart}: for each other thread, how many of its
 * operations had returned); (3) every result {@link ChanSpec} gives, at once or when a waiter
 * completes, equals the observed one; (4) at the end every operation has completed. States
 * already refuted are remembered (thread positions, waiting flags and the specification's state).
 *
 * <p>Constructed by Lincheck through {@code Verifier}'s contract, {@code (Class<?>
 * sequentialSpecification)}: the class is a {@link ChanSpec} subclass with a no-argument
 * constructor, which fixes the capacity. Used by one Lincheck run at a time.
 */
public final class ChanSpecVerifier implements Verifier {
    /** Observed result of an operation that had not returned (never equals a spec result). */
    private static final Object NO_RESULT = new Object() {
        @Override
        public String toString() {
            return "no result";
        }
    };

    private final Class<?> specClass;
    /** Verdicts for the current scenario: many invocations give the same results. */
    private final Map<ExecutionResult, Boolean> verdicts = new HashMap<>();
    private ExecutionScenario verdictsFor;

    public ChanSpecVerifier(Class<?> sequentialSpecification) {
        if (!ChanSpec.class.isAssignableFrom(sequentialSpecification)) {
            throw new IllegalArgumentException("ChanSpecVerifier: the sequential specification must be"
                    + " a ChanSpec (ChanSpec.Cap0, Cap1, ...), not " + sequentialSpecification);
        }
        this.specClass = sequentialSpecification;
    }

    @Override
    public boolean verifyResults(ExecutionScenario scenario, ExecutionResult results) {
        if (scenario != verdictsFor) {
            verdicts.clear();
            verdictsFor = scenario;
        }
        return verdicts.computeIfAbsent(results, r -> linearizable(scenario, r, newSpec()));
    }

    private ChanSpec newSpec() {
        try {
            var c = specClass.getDeclaredConstructor();
            c.setAccessible(true);
            return (ChanSpec) c.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("ChanSpecVerifier: cannot make " + specClass, e);
        }
    }

    /**
     * Whether the results of {@code scenario} have a linearization (see the class comment)
     * starting from {@code initial}. Also the entry point for {@link ChanLincheckTest}'s checks
     * of the verifier itself.
     */
    static boolean linearizable(ExecutionScenario scenario, ExecutionResult results, ChanSpec initial) {
        return new Search(scenario, results).run(initial);
    }

    /** One search: the operations numbered thread by thread, their results and clocks. */
    private static final class Search {
        final int threads;
        /** Operations of thread t: ids first[t] .. first[t] + count[t] - 1. */
        final int[] first;
        final int[] count;
        final Actor[] actors;
        final Object[] observed;
        /** clocks[id][j]: operations of thread j that had returned when op id started. */
        final int[][] clocks;
        final int[] threadOf;
        final Set<String> refuted = new HashSet<>();

        Search(ExecutionScenario scenario, ExecutionResult results) {
            List<List<Actor>> ops = scenario.getThreads();
            List<List<ResultWithClock>> res = results.getThreadsResultsWithClock();
            threads = ops.size();
            first = new int[threads];
            count = new int[threads];
            int n = 0;
            for (int t = 0; t < threads; t++) {
                first[t] = n;
                count[t] = ops.get(t).size();
                n += count[t];
            }
            actors = new Actor[n];
            observed = new Object[n];
            clocks = new int[n][];
            threadOf = new int[n];
            for (int t = 0; t < threads; t++) {
                for (int i = 0; i < count[t]; i++) {
                    int id = first[t] + i;
                    actors[id] = ops.get(t).get(i);
                    threadOf[id] = t;
                    if (i < res.get(t).size()) {
                        ResultWithClock r = res.get(t).get(i);
                        observed[id] = observed(r.getResult());
                        clocks[id] = r.getClockOnStart().getClock();
                    } else {
                        observed[id] = NO_RESULT;
                        clocks[id] = new int[threads];
                    }
                }
            }
        }

        boolean run(ChanSpec initial) {
            return search(new int[threads], new boolean[threads], initial);
        }

        /**
         * next[t]: operations of thread t whose request point is placed; waiting[t]: whether
         * the last of them is still a waiter in {@code spec}.
         */
        private boolean search(int[] next, boolean[] waiting, ChanSpec spec) {
            boolean done = true;
            for (int t = 0; t < threads; t++) {
                if (next[t] < count[t] || waiting[t]) {
                    done = false;
                    break;
                }
            }
            if (done) {
                return true;
            }
            String key = key(next, waiting, spec);
            if (refuted.contains(key)) {
                return false;
            }
            candidates:
            for (int t = 0; t < threads; t++) {
                if (waiting[t] || next[t] == count[t]) {
                    continue;
                }
                int id = first[t] + next[t];
                int[] clock = clocks[id];
                for (int j = 0; j < threads; j++) {
                    if (j != t && next[j] - (waiting[j] ? 1 : 0) < clock[j]) {
                        continue candidates; // something that returned before id started has not
                    }
                }
                ChanSpec s = spec.copy();
                Object r = apply(s, actors[id], id);
                boolean[] w = waiting.clone();
                if (r == ChanSpec.BLOCKED) {
                    w[t] = true;
                } else if (!Objects.equals(r, observed[id])) {
                    continue;
                }
                for (int k = 0; k < s.completedCount(); k++) {
                    int wid = s.completedId(k);
                    Object wr = s.completedResult(k);
                    if (!Objects.equals(wr, observed[wid])) {
                        continue candidates;
                    }
                    w[threadOf[wid]] = false;
                }
                int[] nx = next.clone();
                nx[t]++;
                if (search(nx, w, s)) {
                    return true;
                }
            }
            refuted.add(key);
            return false;
        }

        private static String key(int[] next, boolean[] waiting, ChanSpec spec) {
            StringBuilder b = new StringBuilder();
            for (int t = 0; t < next.length; t++) {
                b.append(next[t]).append(waiting[t] ? 'w' : '.');
            }
            return b.append(spec.key()).toString();
        }

        private static Object apply(ChanSpec s, Actor a, int id) {
            String m = a.getMethod().getName();
            List<Object> args = a.getArguments();
            switch (m) {
                case "send":
                    return s.send(id, (Integer) args.get(0));
                case "recv":
                    return s.recv(id);
                case "trySend":
                    return s.trySend((Integer) args.get(0));
                case "tryRecv":
                    return s.tryRecv();
                case "close":
                    return s.close();
                case "len":
                    return s.len();
                default:
                    throw new IllegalArgumentException("ChanSpecVerifier: no specification for " + a);
            }
        }
    }

    /** An observed Lincheck result in {@link ChanSpec}'s terms. */
    static Object observed(LincheckResult r) {
        if (r == null) {
            return NO_RESULT;
        }
        if (r instanceof VoidResult) {
            return ChanSpec.VOID;
        }
        if (r instanceof ValueResult) {
            return ((ValueResult) r).getValue();
        }
        if (r instanceof ExceptionResult) {
            Throwable e = ((ExceptionResult) r).getThrowable();
            // Any other exception (a fault, an NPE) is a failure: it equals no spec result.
            return e instanceof ChanClosedException ? ChanSpec.CLOSED_EXCEPTION : e;
        }
        return r; // suspension results: never produced by these operations
    }
}
