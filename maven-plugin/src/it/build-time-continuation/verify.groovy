// Checks what the two builds of invoker.properties left behind. build.log holds both, in order.
import java.nio.file.Files

def log = new File(basedir, 'build.log').text
def builds = log.split(/Building build-time-continuation 1\.0/)
assert builds.length == 3 : "expected two builds in build.log, found ${builds.length - 1}"
def first = builds[1]
def second = builds[2]

// The marker annotation golib puts on every class it rewrote (Transformer.isInstrumented).
def marked = { String path ->
    def bytes = Files.readAllBytes(new File(basedir, path).toPath())
    new String(bytes, 'ISO-8859-1').contains('Lio/golib/runtime/stack/Instrumented;')
}
assert marked('target/classes/it/Main.class') : 'Main.class carries no golib marker: instrument did not rewrite it'
assert marked('target/test-classes/it/ContinuationTest.class') : 'ContinuationTest.class carries no golib marker: instrument-tests did not rewrite it'

// First build: both goals rewrote something, from scratch, and the tests passed under surefire
// with no agent.
def summaries = (first =~ /golib: instrumented ([0-9]+) classes \(([0-9]+) methods\), skipped ([0-9]+) already instrumented/).collect { it }
assert summaries.size() == 2 : "expected one summary per goal in the first build, got ${summaries*.getAt(0)}"
summaries.each { m ->
    assert (m[1] as int) >= 1 && (m[2] as int) >= 1 && (m[3] as int) == 0 : "unexpected summary: ${m[0]}"
}
assert first.contains('Tests run: 3, Failures: 0, Errors: 0') : 'the tests did not pass under plain surefire'

// Second build: nothing changed, so neither goal rewrote anything, and everything still ran.
assert (second =~ /golib: classes in .* are up to date/).count == 2 : 'the second build did not find its classes up to date'
assert !second.contains('golib: instrumented') : 'the second build rewrote classes again'
assert second.contains('Tests run: 3, Failures: 0, Errors: 0') : 'the tests did not pass in the second build'

// Nothing half-written was left anywhere.
def leftovers = []
basedir.eachFileRecurse { if (it.name.endsWith('.golib-tmp')) leftovers << it }
assert leftovers.isEmpty() : "temporary files left behind: ${leftovers}"

// The program ran with plain java (exec:exec, no -javaagent) and parked four times.
def run = new File(basedir, 'target/run.txt').text
assert run.contains('golib-it parks=4 result=140') : "unexpected program output: ${run}"
return true
