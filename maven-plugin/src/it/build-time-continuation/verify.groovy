// Checks what the two builds of invoker.properties left behind.
import java.nio.file.Files

def log = new File(basedir, 'build.log').text
def classes = new File(basedir, 'target/classes/it')
def testClasses = new File(basedir, 'target/test-classes/it')

// The marker annotation golib puts on every class it rewrote (Transformer.isInstrumented).
def marked = { File f ->
    new String(Files.readAllBytes(f.toPath()), 'ISO-8859-1').contains('Lio/golib/runtime/stack/Instrumented;')
}
assert marked(new File(classes, 'Main.class')) : 'Main.class carries no golib marker: instrument did not rewrite it'
assert marked(new File(testClasses, 'ContinuationTest.class')) : 'ContinuationTest.class carries no golib marker: instrument-tests did not rewrite it'

// Both goals reported their work; nothing was left half-written.
assert log =~ /golib: instrumented [1-9]\d* classes \([1-9]\d* methods\), skipped 0 already instrumented/ : 'no instrument summary in build.log'
assert log.contains('Tests run: 2, Failures: 0, Errors: 0') : 'the tests did not pass under plain surefire'
def leftovers = []
basedir.eachFileRecurse { if (it.name.endsWith('.golib-tmp')) leftovers << it }
assert leftovers.isEmpty() : "temporary files left behind: ${leftovers}"

// The program ran with plain java, no -javaagent, and parked three times.
def run = new File(basedir, 'target/run.txt').text
assert run.contains('golib-it parks=3 result=35') : "unexpected program output: ${run}"
return true
