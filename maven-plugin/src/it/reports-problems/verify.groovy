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

// Second build: the same problem as a warning, and the build goes on.
assert second =~ /\[WARNING\] golib: it\.Parker\.<init>\(\)V \(line 9\): calls suspendable method/ : 'no warning in the second build'
assert second.contains('BUILD SUCCESS')

def leftovers = []
basedir.eachFileRecurse { if (it.name.endsWith('.golib-tmp')) leftovers << it }
assert leftovers.isEmpty() : "temporary files left behind: ${leftovers}"
return true
