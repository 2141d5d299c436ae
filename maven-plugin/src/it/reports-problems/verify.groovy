// Checks the two builds of invoker.properties: a refused park fails the first build with a located
// message, and only warns in the second (failOnProblems=false).
import java.nio.file.Files

def log = new File(basedir, 'build.log').text
def builds = log.split(/Building reports-problems 1\.0/)
assert builds.length == 3 : "expected two builds in build.log, found ${builds.length - 1}"
def first = builds[1]
def second = builds[2]

// Class, method (name and descriptor), line and reason, and the switch that relaxes it.
def located = 'it.Parker.<init>()V line 9: calls suspendable method io.golib.runtime.stack.Continuation.park inside a constructor'
assert first.contains('golib: 1 problem in ') : 'no problem count in the failure message'
assert first.contains(located) : "the failure does not locate the problem as expected: ${located}"
assert first.contains('failOnProblems') : 'the failure message does not name the switch'
assert first.contains('BUILD FAILURE')
// Each class stands alone: Fine, which has no problem, was still rewritten (one method: the
// lambda body).
assert first.contains('golib: instrumented 1 classes (1 methods), skipped 0 already instrumented') : 'Fine was not rewritten in the failing build'

// Second build: the same problem as a warning, and the build goes on.
assert second.contains('[WARNING] golib: ' + located) : 'no located warning in the second build'
assert second.contains('BUILD SUCCESS')
// Fine kept its marker from the first build; Parker has nothing to rewrite, only the warning.
assert second.contains('golib: instrumented 0 classes (0 methods), skipped 1 already instrumented') : 'the second build did not skip the rewritten Fine'
def marked = { String path ->
    new String(Files.readAllBytes(new File(basedir, path).toPath()), 'ISO-8859-1').contains('Lio/golib/runtime/stack/Instrumented;')
}
assert marked('target/classes/it/Fine.class') : 'Fine.class carries no golib marker'
assert !marked('target/classes/it/Parker.class') : 'Parker.class was marked although it was refused'

def leftovers = []
basedir.eachFileRecurse { if (it.name.endsWith('.golib-tmp')) leftovers << it }
assert leftovers.isEmpty() : "temporary files left behind: ${leftovers}"
return true
